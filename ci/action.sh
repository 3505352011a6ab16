#!/usr/bin/env bash
# The entry script of the composite GitHub Action (action.yml at the repository root), and of
# any other CI: it runs `runs-conformance run` with the options the environment and the
# configuration file give (RUNS_CONFORMANCE_<OPTION>, runs-conformance.toml or
# [tool.runs-conformance] in pyproject.toml), plus any arguments given to it.
#
# `run` itself writes report.json, junit.xml and the rest into the report directory and
# appends the verdict to $GITHUB_STEP_SUMMARY when that is set. This script adds what a CI
# step needs around it: the exit code and the report directory as step outputs
# ($GITHUB_OUTPUT), and a line saying where the reports are. Its exit code is run's
# (0 conformant, 1 non-conformant, 2 usage error, 3 unreachable, 4 incomplete).
set -uo pipefail

command="${RUNS_CONFORMANCE_COMMAND:-runs-conformance}"
report_dir="${RUNS_CONFORMANCE_REPORT_DIR:-runs-conformance-report}"
export RUNS_CONFORMANCE_REPORT_DIR="$report_dir"

$command run "$@"
code=$?

if [ -n "${GITHUB_OUTPUT:-}" ]; then
    {
        echo "exit-code=$code"
        echo "report-dir=$report_dir"
    } >>"$GITHUB_OUTPUT"
fi
echo "runs-conformance: exit code $code; reports in $report_dir" >&2
exit "$code"
