#!/usr/bin/env bash
# The main job: set up the machine, build, train the example network examples/FashionMnist/AolConvNet.lipnet.yaml
# on Fashion-MNIST with its declared recipe, and print its certified-accuracy table.
#
# By default it trains ONE epoch (a few minutes on 2 cores); the full recipe of the description (3 epochs) is
#   EPOCHS=3 bash scripts/main.sh      or      bash scripts/main.sh --full
# Checkpoints, report.json and report.svg go to a new folder runs/AolConvNet-<time> per run, so an earlier run is
# never overwritten (OUT=DIR to choose; lipnet refuses a folder holding a checkpoint unless --resume or --force).
# Other arguments go to lipnet train.
set -euo pipefail
cd "$(dirname "$0")/.."

epochs="${EPOCHS:-1}"
if [ "${1:-}" = "--full" ]; then epochs=3; shift; fi
out="${OUT:-runs/AolConvNet-$(date -u +%Y%m%d-%H%M%S)}"
example=examples/FashionMnist/AolConvNet.lipnet.yaml

bash scripts/setup.sh
echo "main: building lipnet (Release)"
dotnet build src/Lipschitz.Cli/Lipschitz.Cli.csproj -c Release -warnaserror -nologo -v:quiet
if [ "$epochs" = "3" ]; then
  echo "main: training $example for 3 epochs (the full recipe)"
else
  echo "main: training $example for $epochs epoch(s); the full recipe is 3 epochs: EPOCHS=3 bash scripts/main.sh"
fi
echo "main: checkpoints and reports go to $out"
# Further arguments go to lipnet train (e.g. --limit 512 for a quick look; OUT=runs/X ... --resume continues run X).
exec dotnet src/Lipschitz.Cli/bin/Release/net10.0/lipnet.dll train "$example" --epochs "$epochs" --out "$out" "$@"
