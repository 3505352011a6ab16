#!/usr/bin/env bash
# The entry script of the composite GitHub Action (action.yml at the repository root), and of
# any other CI: it runs `runs-conformance run` with the options the environment and the
# configuration file give (RUNS_CONFORMANCE_<OPTION>, runs-conformance.toml or
# [tool.runs-conformance] in pyproject.toml), plus any arguments given to it.
#
# `run` itself writes report.json, junit.xml and the rest into the report directory and
# appends the verdict to $GITHUB_STEP_SUMMARY when that is set. This script adds what a CI
# step needs around it: the exit code and the report directory as step outputs
# ($GITHUB_OUTPUT), a line saying where the reports are, and the exit code and what it means
# in the step summary (a usage error writes no report, so that line is all it shows). Its
# exit code is run's (0 conformant, 1 non-conformant, 2 usage error, 3 unreachable or stopped
# early, 4 incomplete, 130/143 interrupted); every code but 2 leaves the reports.
set -uo pipefail

command="${RUNS_CONFORMANCE_COMMAND:-runs-conformance}"
report_dir="${RUNS_CONFORMANCE_REPORT_DIR:-runs-conformance-report}"
export RUNS_CONFORMANCE_REPORT_DIR="$report_dir"

$command run "$@"
code=$?

# With a previous report (RUNS_CONFORMANCE_PREVIOUS_REPORT: a report.json or its folder), say
# what changed since it: `runs-conformance diff` as Markdown into diff.md beside the reports and
# into the step summary; its exit code (1: something regressed) is the diff-exit-code output.
# The run's exit code stays the script's: a regression of a MUST fails the run anyway.
previous="${RUNS_CONFORMANCE_PREVIOUS_REPORT:-}"
diff_code=""
if [ -n "$previous" ] && [ -f "$report_dir/report.json" ]; then
    $command diff "$previous" "$report_dir/report.json" --format markdown >"$report_dir/diff.md"
    diff_code=$?
    if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
        cat "$report_dir/diff.md" >>"$GITHUB_STEP_SUMMARY"
    fi
fi

if [ -n "${GITHUB_OUTPUT:-}" ]; then
    {
        echo "exit-code=$code"
        echo "report-dir=$report_dir"
        echo "diff-exit-code=$diff_code"
    } >>"$GITHUB_OUTPUT"
fi
case "$code" in
    0) meaning="conformant" ;;
    1) meaning="non-conformant: a MUST requirement failed" ;;
    2) meaning="usage error: no run was made (see the step's log)" ;;
    3) meaning="the target could not be reached or tested, or the run stopped early" ;;
    4) meaning="incomplete: a MUST of a covered class could not be checked" ;;
    130 | 143) meaning="interrupted" ;;
    *) meaning="unexpected" ;;
esac
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    {
        echo ""
        echo "runs-conformance exited with code $code ($meaning); reports in \`$report_dir\`."
    } >>"$GITHUB_STEP_SUMMARY"
fi
echo "runs-conformance: exit code $code ($meaning); reports in $report_dir" >&2
exit "$code"
