#!/usr/bin/env bash
# BENCHMARKS.md "model-caller": calls per question for six hint types in each arm, every hinted call made against the
# hinted call left out when the unhinted answer already is the hint letter; simulated model at ACCURACY.
# Usage: benchmarks/calls-per-question.sh [QUESTIONS [ACCURACY]]
. "$(dirname "$0")/lib.sh"
build
mvn -pl model-caller test-compile org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cd model-caller
java -Xmx512m -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.faithwatch.modelcaller.bench.CallsPerQuestionBenchmark "${1:-1000}" "${2:-0.8}"
