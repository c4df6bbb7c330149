#!/usr/bin/env bash
# BENCHMARKS.md "Pipeline": raw broker, bare 3-hop relay, the four services end to end, the floor and the lean pipeline.
# Extra -D options: bench.questions and bench.warmup-questions (at most 2000 each), bench.broker-messages.
# Usage: benchmarks/pipeline.sh [-Dbench.questions=500 ...]
. "$(dirname "$0")/lib.sh"
build
mvn -pl benchmarks test -Dtest=PipelineBenchmark -Dbench=true "$@"
