#!/usr/bin/env bash
# BENCHMARKS.md "Judge accuracy": the rule judge against the labelled and held-out reasoning texts; prints every miss.
# Usage: benchmarks/judge-accuracy.sh
. "$(dirname "$0")/lib.sh"
build
mvn -pl grader test -Dtest=LabelledSetAccuracyTest
