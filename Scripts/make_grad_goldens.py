#!/usr/bin/env python3
"""Writes the training-step gradient goldens from the pinned reference stack.

For each golden model directory (Tests/Fixtures/models/tiny-quick, tiny-gelu) one training step of
the reference ConText-CIR objective is run in float32 with autograd:

    loss = cir_infonce(query, target, reference) + lambda_cc * text_cc_loss

exactly as mvrl/ConText-CIR src/Models.py computes them (ConText.cir_infonce, compute_text_cc_loss:
captions padded to 77 tokens with the key mask, layer- and head-averaged cross-attention, CLS row
dropped, phrase tokens located by subsequence search, isolated phrase maps without gradient,
mean ReLU(|diff| - eps)); the head is re-implemented in plain torch by make_model_goldens.py with the
same operations. Inputs are random pixel tensors (so no image decoding is involved) and three
captions with noun phrases. Written to Tests/Fixtures/goldens/grad-<name>.safetensors:

  input.reference, input.target        [B, 3, S, S] float32
  input.ids.<i>                        caption i's real token ids (BOS..EOS), int32
  input.phrase.<i>.<k>                 noun phrase k of caption i, token ids (BOS..EOS), int32
  loss.total, loss.contrastive, loss.tcc   scalars
  grad.<tensor name>                   d loss / d tensor for every trainable tensor (HF names), except
  grad.text_model.embeddings.token_embedding.weight   only the rows in grad_rows (int32), which
                                       are the only rows with a non-zero gradient
and the settings in grad-<name>.json.

usage: .venv-ref/bin/python Scripts/make_grad_goldens.py
"""
import json
import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "passive")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from safetensors.torch import save_file  # noqa: E402

import make_model_goldens as mg  # noqa: E402

TEMPERATURE = 0.07
LAMBDA_CC = 0.08
EPSILON_CC = 0.0
CAPTIONS = [
    ("make the circle red and add a small blue square", ["the circle", "a small blue square"]),
    ("is a dress with long sleeves", ["a dress", "long sleeves"]),
    ("same but the dog is on the sofa", ["the dog", "the sofa", "a cat"]),  # "a cat" absent: skipped
]


def run(name):
    model_dir = os.path.join(mg.MODELS_DIR, name)
    cfg, head_cfg, backbone, head = mg.read_model_dir(model_dir)
    torch.manual_seed(0)
    model = mg.build_clip(cfg, backbone, torch.float32)
    model.train(False)  # dropout 0 either way; the reference has no dropout at p=0
    params = {k: v.detach().clone().requires_grad_(True) for k, v in head.items()}
    named = dict(model.named_parameters())
    for p in named.values():
        p.requires_grad_(True)
    tok = mg.tokenizer()
    n_layers, heads = head_cfg["cross_attn_layers"], head_cfg["heads"]

    rng = np.random.default_rng(4242)
    s = cfg.vision_config.image_size
    b = len(CAPTIONS)
    reference = torch.from_numpy(rng.standard_normal((b, 3, s, s)).astype(np.float32))
    target = torch.from_numpy(rng.standard_normal((b, 3, s, s)).astype(np.float32))
    texts = [c for c, _ in CAPTIONS]
    input_ids, attention_mask = mg.encode(tok, texts)

    def encode_text(ids, mask):
        return model.text_model(input_ids=ids, attention_mask=mask).last_hidden_state

    def forward(images, ids, mask):
        vo = model.vision_model(pixel_values=images)
        t = encode_text(ids, mask)
        _, attns, _, query = mg.head_forward(params, n_layers, heads, vo.last_hidden_state, t, mask)
        return query, attns, vo.pooler_output

    query, attns, ref_pooled = forward(reference, input_ids, attention_mask)
    ref_emb = model.visual_projection(ref_pooled)
    tgt_emb = model.visual_projection(model.vision_model(pixel_values=target).pooler_output)

    # cir_infonce (single process: no gather)
    vl, tg, rf = F.normalize(query, dim=1), F.normalize(tgt_emb, dim=1), F.normalize(ref_emb, dim=1)
    cand = torch.cat([tg, rf], dim=0)
    labels = torch.arange(b)
    loss_q = F.cross_entropy(vl @ cand.T / TEMPERATURE, labels)
    loss_t = F.cross_entropy(tg @ vl.T / TEMPERATURE, labels)
    contrastive = (loss_q + loss_t) / 2

    # text concept-consistency
    incontext = torch.stack(attns, dim=0).mean(dim=0).mean(dim=1)  # (B, V, 77)
    T = incontext.shape[2]
    ic_vecs, iso_imgs, iso_texts, iso_lens = [], [], [], []
    phrase_ids = {}
    for i, (caption, nps) in enumerate(CAPTIONS):
        full_ids = tok(caption, truncation=True, max_length=T)["input_ids"]
        for k, np_text in enumerate(nps):
            np_ids = tok(np_text, truncation=True, max_length=T)["input_ids"]
            phrase_ids[(i, k)] = np_ids
            core = np_ids[1:-1]
            span = None
            for st in range(len(full_ids) - len(core) + 1):
                if full_ids[st:st + len(core)] == core:
                    span = (st, st + len(core))
                    break
            if span is None:
                continue
            ic_vecs.append(incontext[i, 1:, span[0]:span[1]].mean(dim=-1))
            iso_imgs.append(reference[i])
            iso_texts.append(np_text)
            iso_lens.append(len(core))
    ic = torch.stack(ic_vecs, dim=0)
    with torch.no_grad():
        ids_iso, mask_iso = mg.encode(tok, iso_texts)
        _, attn_iso, _ = forward(torch.stack(iso_imgs), ids_iso, mask_iso)
        avg_iso = torch.stack(attn_iso, dim=0).mean(dim=0).mean(dim=1)
        iso = torch.stack([avg_iso[k, 1:, 1:1 + L].mean(dim=-1) for k, L in enumerate(iso_lens)])
    tcc = F.relu((ic - iso).abs() - EPSILON_CC).mean(dim=-1).mean()
    total = contrastive + LAMBDA_CC * tcc
    total.backward()

    out = {
        "input.reference": reference, "input.target": target,
        "loss.total": total.detach().reshape(()), "loss.contrastive": contrastive.detach().reshape(()),
        "loss.tcc": tcc.detach().reshape(()),
    }
    for i in range(b):
        n = int(attention_mask[i].sum())
        out[f"input.ids.{i}"] = input_ids[i, :n].to(torch.int32)
    for (i, k), ids in phrase_ids.items():
        out[f"input.phrase.{i}.{k}"] = torch.tensor(ids, dtype=torch.int32)
    for pname, p in named.items():
        if pname.endswith("position_ids"):
            continue
        g = p.grad if p.grad is not None else torch.zeros_like(p)
        if pname == "text_model.embeddings.token_embedding.weight":
            rows = torch.nonzero(g.abs().sum(dim=1)).flatten()
            out["grad_rows"] = rows.to(torch.int32)
            g = g[rows]
        out["grad." + pname] = g.detach().contiguous()
    for hname, p in params.items():
        out["grad." + hname] = p.grad.detach().contiguous()
    path = os.path.join(mg.GOLDENS_DIR, f"grad-{name}.safetensors")
    save_file({k: v.contiguous() for k, v in out.items()}, path)
    meta = dict(model=name, temperature=TEMPERATURE, lambda_cc=LAMBDA_CC, epsilon_cc=EPSILON_CC,
                captions=[dict(caption=c, noun_phrases=n) for c, n in CAPTIONS],
                loss=dict(total=float(total), contrastive=float(contrastive), tcc=float(tcc)),
                phrases_used=int(ic.shape[0]))
    with open(os.path.join(mg.GOLDENS_DIR, f"grad-{name}.json"), "w") as f:
        json.dump(meta, f, indent=2, sort_keys=True)
        f.write("\n")
    print(f"{name}: total {float(total):.6f} contrastive {float(contrastive):.6f} tcc {float(tcc):.6f} "
          f"phrases {ic.shape[0]} -> {path} ({os.path.getsize(path)} bytes)")


def main():
    torch.set_num_threads(2)
    for name in ("tiny-quick", "tiny-gelu"):
        run(name)


if __name__ == "__main__":
    main()
