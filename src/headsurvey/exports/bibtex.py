"""BibTeX bundles: entries exactly as written in references.bib, sorted by key."""

from __future__ import annotations

from collections.abc import Iterable

from ..site import Site


def bib_bundle(site: Site, keys: Iterable[str]) -> str:
    entries = [site.db.entries[k].raw for k in sorted(set(keys)) if k in site.db.entries]
    return "\n\n".join(entries) + "\n" if entries else ""
