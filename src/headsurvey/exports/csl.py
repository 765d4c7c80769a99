"""CSL-JSON (https://citationstyles.org) for Zotero, Mendeley and citeproc processors."""

from __future__ import annotations

import json

from ..site import SiteIndex


def csl_json(site: SiteIndex) -> str:
    items = [site.citation(k) for k in sorted(site.papers) if k in site.db.entries]
    return json.dumps(items, indent=1, ensure_ascii=False) + "\n"
