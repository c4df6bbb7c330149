#!/usr/bin/env bash
# BENCHMARKS.md "model-caller": calls per second against an endpoint answering after LATENCY_MS, CONCURRENCY calls at
# a time, for QUESTIONS questions x 6 hint types. Usage: benchmarks/model-caller.sh [LATENCY_MS [CONCURRENCY [QUESTIONS]]]
. "$(dirname "$0")/lib.sh"
build
model_caller_bench io.faithwatch.modelcaller.bench.ThroughputBenchmark 256m "${1:-1000}" "${2:-64}" "${3:-300}"
