"""The head atlas as JSON: one file per model and one for the whole atlas, valid against the
committed JSON Schema ``atlas.schema.json`` (written beside them and documented on the downloads page).

    downloads/atlas/<model>.json     {model, hf_id, layers, heads_per_layer, heads: [{layer, head, role, paper, source, ...}]}
    downloads/atlas.json             {schema_version, models: [the same records]}
    downloads/atlas.schema.json      the JSON Schema of both
"""

from __future__ import annotations

import json
from pathlib import Path

from ..site import SiteIndex, paths
from ..site.atlas import by_model, model_record
from .tables import SCHEMA_VERSION

SCHEMA = Path(__file__).with_name("atlas.schema.json")


def _dump(value: dict) -> str:
    return json.dumps(value, indent=1, ensure_ascii=False) + "\n"


def files(site: SiteIndex) -> dict[str, str]:
    """Every atlas download by its path in the output folder."""
    records = [model_record(site, name, located) for name, located in by_model(site).items()]
    out = {paths.model_file(r["model"]): _dump({"schema_version": SCHEMA_VERSION, **r}) for r in records}
    out[paths.ATLAS_JSON] = _dump({"schema_version": SCHEMA_VERSION, "models": records})
    out[paths.ATLAS_SCHEMA] = SCHEMA.read_text(encoding="utf-8")
    return out
