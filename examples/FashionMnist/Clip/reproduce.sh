#!/usr/bin/env bash
# The CLIP reproduction on Fashion-MNIST (issue 12): the CLIP authors' 784-200-80-10 ReLU network trained without
# regularisation, with CLIP and with the spectral weight penalty, and the same shape built from AOL layers; each is
# then attacked (random noise, FGSM, PGD-L2 at ε = 0.5, 1, 2, 3 on the first 1,000 test images), certified, and
# bracketed (verified upper and searched lower Lipschitz bounds); `lipnet compare` puts them side by side.
#
#   bash examples/FashionMnist/Clip/reproduce.sh            # 15 epochs each, as the descriptions say
#   EPOCHS=2 bash examples/FashionMnist/Clip/reproduce.sh   # a quick look
#
# Output: runs/clip-reproduction/<network>/ (checkpoints, attack-*/, estimate.json) and runs/clip-reproduction/compare.{md,png}.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
out=${OUT:-runs/clip-reproduction}
lipnet=(dotnet "${LIPNET_DLL:-src/Lipschitz.Cli/bin/Release/net10.0/lipnet.dll}")
[ -n "${SKIP_BUILD:-}" ] || dotnet build src/Lipschitz.Cli -c Release -nologo -v q
epochs=()
[ -n "${EPOCHS:-}" ] && epochs=(--epochs "$EPOCHS")
nets=(PlainMlp SpectralMlp ClipMlp AolMlp)
for net in "${nets[@]}"; do
  yaml=examples/FashionMnist/Clip/$net.lipnet.yaml
  dir=$out/$net
  if [ -f "$dir/checkpoint.json" ] && [ -z "${RETRAIN:-}" ]; then
    echo "== $net: trained already ($dir; RETRAIN=1 to train again)"
  else
    echo "== $net: training"
    "${lipnet[@]}" train "$yaml" --out "$dir" --force "${epochs[@]}"
  fi
  for attack in noise fgsm pgd; do
    "${lipnet[@]}" attack "$yaml" --checkpoint "$dir" --attack "$attack" --norm l2 --eps 0.5 1 2 3 --images 0 --out "$dir/attack-$attack" --force
  done
  "${lipnet[@]}" estimate "$yaml" --checkpoint "$dir" --json "$dir/estimate.json" --png "$dir/estimate.png" --force
done
"${lipnet[@]}" compare "${nets[@]/#/$out/}" --md "$out/compare.md" --png "$out/compare.png" --force
