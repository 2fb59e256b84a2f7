#!/usr/bin/env bash
# Reproduces the synthetic-benchmark experiment of issue 4 (docs/training.md): generate the
# benchmark, pre-train a small CLIP from scratch on its captions, then ConText-train it with and
# without TCC for several seeds, evaluating every model and the three baselines on the test split.
#
#   Scripts/train-synth.sh [OUT] [SEEDS...]        default OUT=bench-out/synth, SEEDS="1 2 3"
#   env: TRAIN_EPOCHS (2), PRETRAIN_EPOCHS (4), TCC_WEIGHTS ("0.08 0"), BIN (release context-train)
#
# Stages are skipped when their output exists, so the script resumes after an interruption.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-bench-out/synth}; shift || true
SEEDS=${*:-1 2 3}
BIN=${BIN:-.build/release/context-train}
[ -x "$BIN" ] || swift build -c release --product context-train
mkdir -p "$OUT"

DATA=$OUT/data
[ -f "$DATA/benchmark.json" ] || "$BIN" synth --out "$DATA" --seed 1

# 1. contrastive image-caption pre-training from scratch (one backbone shared by every seed)
PRE=$OUT/pretrain
[ -f "$PRE/model/model.safetensors" ] || "$BIN" pretrain --config Models/synth-small.config.json \
    --assets Tests/Fixtures/tokenizer --captions "$DATA/captions.train.jsonl" --out "$PRE" \
    --epochs "${PRETRAIN_EPOCHS:-4}" --batch-size 128 --lr 1e-3 --warmup 50 --seed 1 --checkpoint-every 100

# baselines (image, text, sum) on the pre-trained model (a plain CLIP: pre-training leaves no head)
[ -f "$OUT/eval-pretrained.json" ] || "$BIN" eval --model "$PRE/model" --triplets "$DATA/triplets.test.jsonl" \
    --methods image,text,sum --json "$OUT/eval-pretrained.json" | tee "$OUT/eval-pretrained.txt"

# 2. ConText training, with and without the TCC loss; the seed sets the fresh head and the data order
for seed in $SEEDS; do
  for tcc in ${TCC_WEIGHTS:-0.08 0}; do
    RUN=$OUT/context-tcc$tcc-seed$seed
    [ -f "$RUN/model/model.safetensors" ] || "$BIN" train --model "$PRE/model" \
        --triplets "$DATA/triplets.train.jsonl" --out "$RUN" --epochs "${TRAIN_EPOCHS:-2}" --batch-size 64 \
        --lr 5e-4 --backbone-lr-scale 0.2 --warmup 50 --tcc-weight "$tcc" --seed "$seed" --checkpoint-every 100 \
        --head-layers 4 --head-heads 8
    [ -f "$RUN/eval-test.json" ] || "$BIN" eval --model "$RUN/model" --triplets "$DATA/triplets.test.jsonl" \
        --json "$RUN/eval-test.json" | tee "$RUN/eval-test.txt"
  done
done
python3 Scripts/summarize_synth.py "$OUT"
