"""Code that selects a model's catalogued heads in TransformerLens and nnsight, generated from the
atlas's data: the snippets read the model's JSON download, so they stay short at any size.

TransformerLens (version 4: ``TransformerBridge``; 3's ``HookedTransformer`` is gone) names a
head's output before the output projection ``blocks.{L}.attn.hook_z`` ([batch, position, head,
d_head]) and its attention ``blocks.{L}.attn.hook_pattern`` ([batch, head, query, key]). nnsight reads the input of the Hugging Face model's output projection, where the
heads' outputs sit side by side ([batch, position, heads × d_head]); its module path depends on the
architecture, so only families whose Hugging Face layout is known here get an nnsight snippet.
"""

from __future__ import annotations

from collections import Counter

from ..site.atlas import Located
from ..sources.vocab import Model

PROMPT = "When Mary and John went to the store, John gave a drink to"

#: The module whose input holds the heads' outputs, by model family (Hugging Face implementations).
OUTPUT_PROJECTION = {
    "GPT-2": "model.transformer.h[layer].attn.c_proj",
    "GPT-J": "model.transformer.h[layer].attn.out_proj",
    "GPT-Neo": "model.transformer.h[layer].attn.attention.out_proj",
    "GPT-NeoX": "model.gpt_neox.layers[layer].attention.dense",
    "Pythia": "model.gpt_neox.layers[layer].attention.dense",
    "Llama": "model.model.layers[layer].self_attn.o_proj",
    "Mistral": "model.model.layers[layer].self_attn.o_proj",
    "Gemma": "model.model.layers[layer].self_attn.o_proj",
    "OLMo": "model.model.layers[layer].self_attn.o_proj",
}


def main_role(located: list[Located]) -> str:
    """The head type reported most often in the model (the snippets select its heads)."""
    counts = Counter(x.instance.role for x in located)
    return min(counts, key=lambda r: (-counts[r], r))


def _selection(filename: str, role: str) -> str:
    return (f'atlas = json.load(open("{filename}"))  # this page\'s download\n'
            f'heads = sorted({{(h["layer"], h["head"]) for h in atlas["heads"] if h["role"] == "{role}"}})\n')


def transformer_lens(model: Model, filename: str, role: str) -> str:
    """Loads the model in TransformerLens and reads each selected head's output and attention."""
    return ("import json\n\nfrom transformer_lens.model_bridge import TransformerBridge\n\n" + _selection(filename, role)
            + f'model = TransformerBridge.boot_transformers("{model.hf_id}")\n'
            f'_, cache = model.run_with_cache("{PROMPT}")\n'
            "for layer, head in heads:\n"
            '    z = cache[f"blocks.{layer}.attn.hook_z"][0, :, head]  # output before W_O: [position, d_head]\n'
            '    pattern = cache[f"blocks.{layer}.attn.hook_pattern"][0, head]  # attention: [query, key]\n')


def nnsight(model: Model, filename: str, role: str) -> str | None:
    """Traces the Hugging Face model with nnsight and splits each selected layer's head outputs, or
    None when the family's module layout is not known here."""
    module = OUTPUT_PROJECTION.get(model.family)
    if module is None:
        return None
    return ("import json\n\nfrom nnsight import LanguageModel\n\n" + _selection(filename, role)
            + f'model = LanguageModel("{model.hf_id}")\n'
            "merged = {}  # layer → its heads' outputs side by side\n"
            f'with model.trace("{PROMPT}"):\n'
            "    for layer in sorted({layer for layer, _ in heads}):\n"
            f"        merged[layer] = {module}.input.save()\n"
            'n_heads = atlas["heads_per_layer"]\n'
            "outputs = {(layer, head): merged[layer].reshape(*merged[layer].shape[:-1], n_heads, -1)[0, :, head]\n"
            "           for layer, head in heads}  # each head's output before the projection: [position, d_head]\n")


def snippets(model: Model | None, filename: str, located: list[Located]) -> list[tuple[str, str]]:
    """(library, code) for each library that can load the model: none without a Hugging Face id
    and a recorded size."""
    if model is None or not model.hf_id or not model.heads:
        return []
    role = main_role(located)
    found = [("TransformerLens", transformer_lens(model, filename, role))]
    traced = nnsight(model, filename, role)
    if traced:
        found.append(("nnsight", traced))
    return found
