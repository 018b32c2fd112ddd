#!/usr/bin/env bash
# The test command: sets up the machine (scripts/setup.sh), builds everything and runs every test project.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dotnet build Lipschitz.Dsl.sln -c Release -warnaserror -nologo -v:minimal
dotnet test Lipschitz.Dsl.sln -c Release --no-build -nologo -v:minimal -- RunConfiguration.TestSessionTimeout=1500000
