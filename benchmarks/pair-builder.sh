#!/usr/bin/env bash
# BENCHMARKS.md "pair-builder": MMLU load time and pairs per second from REST to the broker.
# Usage: benchmarks/pair-builder.sh
. "$(dirname "$0")/lib.sh"
build
mvn -pl pair-builder test -Dtest=PairBuilderBenchmark -Dbench=true
