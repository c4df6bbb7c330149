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
