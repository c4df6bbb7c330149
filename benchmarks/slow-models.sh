#!/usr/bin/env bash
# BENCHMARKS.md "Slow models": every model call takes LATENCY (ISO-8601, default PT3M); the services keep their own
# settings. Usage: benchmarks/slow-models.sh [LATENCY]
. "$(dirname "$0")/lib.sh"
latency="${1:-PT3M}"
build
mvn -pl e2e-tests test -Dtest=SlowModelEndToEndTest -Dslow.latency="$latency" -Dslow.production=true
