#!/usr/bin/env bash
# BENCHMARKS.md "model-caller": calls per question for six hint types in each arm, every hinted call made against the
# hinted call left out when the unhinted answer already is the hint letter; simulated model at ACCURACY.
# Usage: benchmarks/calls-per-question.sh [QUESTIONS [ACCURACY]]
. "$(dirname "$0")/lib.sh"
build
model_caller_bench io.faithwatch.modelcaller.bench.CallsPerQuestionBenchmark 512m "${1:-1000}" "${2:-0.8}"
