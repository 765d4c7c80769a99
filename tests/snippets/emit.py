"""Write the atlas's generated snippets for a GPT-2 small page, and the page's JSON download, into a
folder for run.py (executed in the libraries' own virtualenv: `make check-snippets`)."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

from headsurvey.pages.snippets import snippets
from headsurvey.sources.vocab import Model

ROLE = "name-mover-head"
HEADS = [(9, 6), (9, 9), (10, 0)]

if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    model = Model("GPT-2 small", "GPT-2", 12, 12, "openai-community/gpt2")
    located = [types.SimpleNamespace(instance=types.SimpleNamespace(role=ROLE))]
    (out / "code.json").write_text(json.dumps(dict(snippets(model, "gpt-2-small.json", located))))
    heads = [{"layer": layer, "head": head, "role": ROLE, "paper": "wang2023interpretability", "source": "test",
              "evidence": ["path-patching"]} for layer, head in HEADS]
    (out / "gpt-2-small.json").write_text(json.dumps({"schema_version": 1, "model": "GPT-2 small", "hf_id": "openai-community/gpt2",
                                                      "layers": 12, "heads_per_layer": 12, "heads": heads}))
