"""BibTeX bundles: entries exactly as written in references.bib, sorted by key, TeX-safe only."""

from __future__ import annotations

from collections.abc import Iterable

from ..site import SiteIndex


def bib_bundle(site: SiteIndex, keys: Iterable[str]) -> str:
    """The entries of ``keys`` as written; an entry holding TeX that runs (refused by the checker,
    which stops the build) is never written, whatever the build's settings."""
    entries = [site.db.entries[k].raw for k in sorted(set(keys)) if k in site.db.entries and site.db.entries[k].tex_safe]
    return "\n\n".join(entries) + "\n" if entries else ""
