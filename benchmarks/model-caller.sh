#!/usr/bin/env bash
# BENCHMARKS.md "model-caller": calls per second against an endpoint answering after LATENCY_MS, CONCURRENCY calls at
# a time, for QUESTIONS questions x 6 hint types. Usage: benchmarks/model-caller.sh [LATENCY_MS [CONCURRENCY [QUESTIONS]]]
. "$(dirname "$0")/lib.sh"
build
mvn -pl model-caller test-compile org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cd model-caller
java -Xmx256m -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.faithwatch.modelcaller.bench.ThroughputBenchmark "${1:-1000}" "${2:-64}" "${3:-300}"
