#!/usr/bin/env python3
"""Builds Hugging Face CLIP tokenizer files (vocab.json, merges.txt) from OpenAI's BPE file.

The ids follow OpenAI's construction, which HF's CLIP checkpoints use: the 256 byte symbols, the
same with the end-of-word marker, one token per merge in rank order, then <|startoftext|> (49406)
and <|endoftext|> (49407).

usage: make_tokenizer_files.py [BPE_GZ] [OUT_DIR]
"""
import gzip
import json
import os
import sys

NUM_MERGES = 49152 - 256 - 2


def byte_symbols():
    # GPT-2's reversible byte -> printable-unicode table: printable bytes map to themselves, the
    # rest to code points from 256 upward, in byte order.
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    table, extra = {}, 0
    for b in range(256):
        if b in keep:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + extra)
            extra += 1
    return [table[b] for b in sorted(table, key=lambda b: (b not in keep, keep.index(b) if b in keep else b))]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    bpe = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "shared", "reference", "bpe_simple_vocab_16e6.txt.gz")
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "Tests", "Fixtures", "tokenizer")
    lines = gzip.open(bpe).read().decode("utf-8").split("\n")
    merges = [tuple(l.split()) for l in lines[1:NUM_MERGES + 1]]
    symbols = byte_symbols()
    tokens = symbols + [s + "</w>" for s in symbols] + ["".join(m) for m in merges] + ["<|startoftext|>", "<|endoftext|>"]
    assert len(tokens) == 49408, len(tokens)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump({t: i for i, t in enumerate(tokens)}, f, ensure_ascii=False)
    with open(os.path.join(out, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n")
        for a, b in merges:
            f.write(f"{a} {b}\n")


if __name__ == "__main__":
    main()
