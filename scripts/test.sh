#!/usr/bin/env bash
# The test command: sets up the machine (scripts/setup.sh), builds everything warning-free and runs every test project.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dotnet build Lipschitz.Dsl.sln -c Release -warnaserror -nologo -v:minimal
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test Lipschitz.Dsl.sln -c Release --no-build -nologo -v:minimal 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line over all test projects, from dotnet test's per-assembly summaries.
awk '/(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
# The package as a user gets it: pack, then build and run a consumer outside the solution (about 1.5 minutes).
if [ "${LIPSCHITZ_SKIP_PACK_CHECK:-0}" != 1 ]; then
  bash scripts/pack-check.sh || status=1
fi
exit "$status"
