#!/usr/bin/env bash
# BENCHMARKS.md "scorer": verdicts stored and scored per second, gauge rebuild, scrape and refresh at 20k and 1M verdicts.
# Usage: benchmarks/scorer.sh [VERDICTS streamed, default 10000]
. "$(dirname "$0")/lib.sh"
build
mvn -pl scorer test -Dtest=ScorerBenchmark -Dbench=true -Dbench.verdicts="${1:-10000}"
