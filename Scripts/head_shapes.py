"""Tensor names and shapes of the ConText-CIR fusion head, shared by the golden generator and the
checkpoint converter so the two cannot disagree."""


def head_shapes(dv, dt, proj, n_layers):
    """Tensor names and shapes of the ConText head (reference module spelling)."""
    s = {"query_projection.weight": (proj, dv), "query_projection.bias": (proj,)}
    for i in range(n_layers):
        p = f"cross_attn_layers.{i}"
        for lin, din in (("q_proj", dv), ("k_proj", dt), ("v_proj", dt), ("out_proj", dv)):
            s[f"{p}.{lin}.weight"] = (dv, din)
            s[f"{p}.{lin}.bias"] = (dv,)
        for norm in ("fusion_attn_norms", "fusion_ffn_norms"):
            s[f"{norm}.{i}.weight"] = (dv,)
            s[f"{norm}.{i}.bias"] = (dv,)
        s[f"fusion_ffns.{i}.0.weight"] = (4 * dv, dv)
        s[f"fusion_ffns.{i}.0.bias"] = (4 * dv,)
        s[f"fusion_ffns.{i}.3.weight"] = (dv, 4 * dv)
        s[f"fusion_ffns.{i}.3.bias"] = (dv,)
    s["attn_pooler.queries"] = (1, 1, dv)
    for lin in ("q_proj", "k_proj", "v_proj", "out_proj"):
        s[f"attn_pooler.attention.{lin}.weight"] = (dv, dv)
        s[f"attn_pooler.attention.{lin}.bias"] = (dv,)
    s["attn_pooler.norm.weight"] = (dv,)
    s["attn_pooler.norm.bias"] = (dv,)
    return s
