#!/usr/bin/env bash
# The layer zoo side by side (issue 13): every 1-Lipschitz layer family in the same template network, trained the same
# way on Fashion-MNIST, one after the other: parameters, training samples/s and seconds per epoch, peak RSS, eval
# images/s, clean and certified accuracy (the certificate lipnet issues: the declared bound, or the verified one for
# networks with a layer whose bound rests on an estimate). A table like 1LLC's Table 1, measured here.
#
#   bash benchmarks/layers/run.sh                    # 1 epoch per kind on all 60,000 training images
#   EPOCHS=2 LIMIT=10000 bash benchmarks/layers/run.sh   # a quicker look (first LIMIT training and test images)
#   KINDS="aol_linear sll_linear" bash ...            # only these rows
#   OUT=DIR (default runs/layers) keeps descriptions, logs, checkpoints and table.md
#
# Templates (channels and widths equal across a family, so rows differ only in the layer under test):
#   convolutions  [1,28,28] → aol_conv2d 16 → (K 16, maxmin) × 2 → pixel_unshuffle 2 → flatten → aol_linear 10
#   dense         flatten → aol_linear 256 → (K 256, maxmin) × 2 → aol_linear 10
#   activations   the convolution template with aol_conv2d as K and the activation A instead of maxmin
#   heads         the convolution template with aol_conv2d as K and the head H instead of the last aol_linear 10
# A row's time and memory are those of the whole network; the stem and head are the same in every row of a family.
# The machine is shared and noisy: compare rows of one run, and look at the load average printed in the header.
set -euo pipefail
cd "$(dirname "$0")/../.."
epochs=${EPOCHS:-1}
out=${OUT:-runs/layers}
limit_args=()
[ -n "${LIMIT:-}" ] && limit_args=(--limit "$LIMIT")
lipnet=(dotnet "${LIPNET_DLL:-src/Lipschitz.Cli/bin/Release/net10.0/lipnet.dll}")
[ -n "${SKIP_BUILD:-}" ] || dotnet build src/Lipschitz.Cli -c Release -warnaserror -nologo -v q
mkdir -p "$out"

# kind|family|the layer as written in the template (K for convolutions and dense, A for activations)
rows=(
  "aol_conv2d|conv|aol_conv2d: { out: 16, kernel: 3 }"
  "aol_conv2d (side out)|conv|aol_conv2d: { out: 16, kernel: 3, side: out }"
  "aol_linear (side in)|dense|aol_linear: { out: 256, side: in }"
  "aol_linear (side out)|dense|aol_linear: { out: 256, side: out }"
  "maxmin|act|maxmin"
  "relu|act|relu"
  "abs|act|abs"
  "group_sort 4|act|group_sort: 4"
  "householder|act|householder"
  "n_activation|act|n_activation"
)
# Kinds added by later merges append their rows from benchmarks/layers/rows.txt (same format), if present.
if [ -f benchmarks/layers/rows.txt ]; then
  while IFS= read -r line; do [[ -z "$line" || "$line" == \#* ]] || rows+=("$line"); done < benchmarks/layers/rows.txt
fi

template() { # family layer
  local family=$1 k=$2
  case $family in
    conv) printf '  - aol_conv2d: { out: 16, kernel: 3 }\n  - %s\n  - maxmin\n  - %s\n  - maxmin\n  - pixel_unshuffle: 2\n  - flatten\n  - aol_linear: 10\n' "$k" "$k" ;;
    dense) printf '  - flatten\n  - aol_linear: 256\n  - %s\n  - maxmin\n  - %s\n  - maxmin\n  - aol_linear: 10\n' "$k" "$k" ;;
    act) printf '  - aol_conv2d: { out: 16, kernel: 3 }\n  - %s\n  - aol_conv2d: { out: 16, kernel: 3 }\n  - %s\n  - pixel_unshuffle: 2\n  - flatten\n  - aol_linear: 10\n' "$k" "$k" ;;
    head) printf '  - aol_conv2d: { out: 16, kernel: 3 }\n  - aol_conv2d: { out: 16, kernel: 3 }\n  - maxmin\n  - aol_conv2d: { out: 16, kernel: 3 }\n  - maxmin\n  - pixel_unshuffle: 2\n  - flatten\n  - %s\n' "$k" ;;
  esac
}

echo "layers: $epochs epoch(s) per kind${LIMIT:+, first $LIMIT images}, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
summary="$out/rows.tsv"
: > "$summary"
i=0
for row in "${rows[@]}"; do
  IFS='|' read -r label family layer <<< "$row"
  key=${label%% *}
  if [ -n "${KINDS:-}" ] && [[ " $KINDS " != *" $key "* ]]; then continue; fi
  i=$((i + 1))
  name="Zoo$i"
  yaml="$out/$name.lipnet.yaml"
  {
    printf 'network: %s\ninput: [1, 28, 28]\nclasses: 10\nlayers:\n' "$name"
    template "$family" "$layer"
    printf 'training:\n  data: fashion-mnist\n  epochs: %s\n  batch: 256\n  seed: 0\n  optimizer: { adam: { lr: 0.001 } }\n' "$epochs"
    printf '  objective: { offset_cross_entropy: { offset: 1.414, temperature: 0.25 } }\ncertify:\n  norm: l2\n  eps: [0.1, 0.25, 0.5, 1.0]\n'
  } > "$yaml"
  params=$("${lipnet[@]}" inspect "$yaml" | awk '/^parameters:/ { gsub(",", "", $2); print $2 }')
  echo "== $label ($family): $params parameters"
  if ! /usr/bin/time -v -o "$out/$name.time" "${lipnet[@]}" train "$yaml" --out "$out/$name" --force --epochs "$epochs" "${limit_args[@]}" > "$out/$name.log" 2>&1; then
    echo "   failed: see $out/$name.log"; tail -n 3 "$out/$name.log"; continue
  fi
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$out/$name.time")
  printf '%s\t%s\t%s\t%s\t%s\n' "$label" "$family" "$params" "$rss" "$out/$name" >> "$summary"
  grep "done in" "$out/$name.log" | tail -n 1
done

/usr/bin/python3 - "$summary" "$out/table.md" <<'PY'
import json, os, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
lines = ["| kind | template | parameters | train samples/s | s/epoch | peak RSS MiB | eval images/s | clean % | certified % ε=0.1 / 0.25 / 0.5 / 1 |",
         "|---|---|---:|---:|---:|---:|---:|---:|---|"]
for label, family, params, rss, run in rows:
    h = json.load(open(os.path.join(run, "checkpoint.json")))["history"][-1]
    cert = " / ".join(f"{100 * c['accuracy']:.1f}" for c in h["certified"])
    lines.append(f"| {label} | {family} | {int(params):,} | {h['trainSamplesPerSecond']:.0f} | {h['epochSeconds']:.1f} | {rss} | "
                 f"{h['evalImagesPerSecond']:.0f} | {100 * h['cleanAccuracy']:.1f} | {cert} |")
text = "\n".join(lines) + "\n"
open(sys.argv[2], "w").write(text)
print(text)
PY
