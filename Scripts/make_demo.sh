#!/usr/bin/env bash
# Builds the bundled default of `context-server serve` (README): the model trained by
# Scripts/train-synth.sh, exported in F16, as Models/default, and the synthetic benchmark's test
# split as the demo gallery in Models/demo-gallery (manifest.jsonl + images/), indexed by `serve`
# on its first start.
#
#   Scripts/make_demo.sh RUN_MODEL_DIR BENCHMARK_DIR
#   e.g. Scripts/make_demo.sh bench-out/synth/context-tcc0.08-seed1/model bench-out/synth/data
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=$1 DATA=$2
BIN=${BIN:-.build/release/context-train}
[ -x "$BIN" ] || swift build -c release --product context-train
rm -rf Models/default Models/demo-gallery
"$BIN" export --from "$MODEL" --out Models/default --dtype f16
# The tokenizer files are the repository's own CLIP BPE files: link them instead of copying 2 MB.
for f in vocab.json merges.txt; do rm -f "Models/default/$f"; ln -s "../../Tests/Fixtures/tokenizer/$f" "Models/default/$f"; done
mkdir -p Models/demo-gallery/images
cp "$DATA"/images/test-*.png Models/demo-gallery/images/
python3 - "$DATA" <<'PY'
import json, os, sys
data = sys.argv[1]
names = sorted(f[:-4] for f in os.listdir("Models/demo-gallery/images") if f.endswith(".png"))
with open("Models/demo-gallery/manifest.jsonl", "w") as out:
    for n in names:
        group = n.split("-")[1]  # test-<group>-<member>; distractors have their own groups
        out.write(json.dumps({"id": n, "image": f"images/{n}.png", "metadata": {"group": group}}, sort_keys=True) + "\n")
PY
du -sh Models/default Models/demo-gallery
