#!/usr/bin/env bash
# BENCHMARKS.md "Judge accuracy": the rule judge against the labelled and held-out reasoning texts, then against real
# reasoning outside the project; prints every miss.
# Usage: benchmarks/judge-accuracy.sh
. "$(dirname "$0")/lib.sh"
build
mvn -pl grader test -Dtest=LabelledSetAccuracyTest
# Real reasoning kept outside the project (../shared/datasets/real-cot): agreement with its labels on mentioning the hint.
mvn -pl grader test -Dtest=RealReasoningBenchmark -Dbench=true
# What the LLM judge reads and writes per judged pair (calls, characters, estimated tokens).
mvn -pl grader test -Dtest=JudgeCostBenchmark -Dbench=true
