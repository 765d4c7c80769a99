"""Run the generated TransformerLens and nnsight snippets (from emit.py) against randomly initialised
models of GPT-2 small's shape, offline: TransformerLens's hook_z and hook_pattern hold one head each,
and nnsight's split takes each head's own columns of the output projection's input.

Run by `make check-snippets` in a virtualenv with the pinned torch (CPU), transformer-lens and nnsight."""

from __future__ import annotations

import json
import os
import runpy
import sys
from pathlib import Path

import nnsight
import torch
from tokenizers import Tokenizer, models, pre_tokenizers
from transformer_lens.model_bridge import TransformerBridge
from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

D_HEAD = 8


def main(folder: str) -> None:
    os.chdir(folder)
    code = json.loads(Path("code.json").read_text())
    atlas = json.loads(Path("gpt-2-small.json").read_text())
    layers, heads = atlas["layers"], atlas["heads_per_layer"]
    words = ["When", "Mary", "and", "John", "went", "to", "the", "store", ",", "gave", "a", "drink", "to"]
    raw = Tokenizer(models.WordLevel({w: i for i, w in enumerate(["[UNK]", *words])}, unk_token="[UNK]"))
    raw.pre_tokenizer = pre_tokenizers.Whitespace()
    special = {k: "[UNK]" for k in ("unk_token", "pad_token", "bos_token", "eos_token")}
    PreTrainedTokenizerFast(tokenizer_object=raw, **special).save_pretrained("tokenizer")
    tok = PreTrainedTokenizerFast.from_pretrained("tokenizer")

    def random_gpt2() -> GPT2LMHeadModel:
        return GPT2LMHeadModel(GPT2Config(n_layer=layers, n_head=heads, n_embd=D_HEAD * heads, vocab_size=64, n_positions=64)).eval()

    boot = TransformerBridge.boot_transformers
    TransformerBridge.boot_transformers = staticmethod(lambda name, **kw: boot(name, hf_model=random_gpt2(), tokenizer=tok, **kw))
    Path("transformer_lens_snippet.py").write_text(code["TransformerLens"])
    tl = runpy.run_path("transformer_lens_snippet.py")
    assert tl["heads"] == [(h["layer"], h["head"]) for h in atlas["heads"]], tl["heads"]
    assert tl["z"].shape[-1] == D_HEAD and tl["pattern"].shape == (tl["z"].shape[0], tl["z"].shape[0]), (tl["z"].shape, tl["pattern"].shape)

    hf = random_gpt2()
    language_model = nnsight.LanguageModel
    nnsight.LanguageModel = lambda name, **kw: language_model(hf, tokenizer=tok)
    Path("nnsight_snippet.py").write_text(code["nnsight"])
    traced = runpy.run_path("nnsight_snippet.py")
    merged = traced["merged"]
    for tensor in merged.values():
        assert tensor.shape[-1] == heads * D_HEAD, tensor.shape  # the output projection's input: heads side by side
    for (layer, head), value in traced["outputs"].items():
        columns = merged[layer][0, :, head * D_HEAD:(head + 1) * D_HEAD]
        assert value.shape == columns.shape and torch.equal(value, columns), (layer, head)
    print(f"ok: TransformerLens and nnsight snippets select {len(tl['heads'])} heads of a {layers}×{heads} model")


if __name__ == "__main__":
    main(sys.argv[1])
