# Shared by the benchmark scripts of this folder: run from the repository root, build every module once.
# BENCH_SKIP_BUILD=1 skips the build when the jars are current; MAVEN_ARGS (e.g. -o) goes to every Maven call.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

mvn() {
  # shellcheck disable=SC2086
  ./mvnw -B ${MAVEN_ARGS:-} "$@"
}

build() {
  if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
    mvn install -DskipTests
  fi
}

# Runs a benchmark class of model-caller's test sources with its test classpath: model_caller_bench CLASS HEAP ARGS...
model_caller_bench() {
  local class=$1 heap=$2
  shift 2
  mvn -pl model-caller test-compile org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
  (cd model-caller && java "-Xmx$heap" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" "$class" "$@")
}
