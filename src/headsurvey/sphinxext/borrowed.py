"""env-updated (after the site is indexed): rewrite pages whose content borrowed from other records changed.

A paper page lists related papers and links its authors' pages; a head page shows atlas
entries and neighbouring head types. Those depend on other pages' records, so the digests of
what each page borrows are kept in the environment and compared on every build.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..pages.kinds import KINDS, borrowed
from ..sources import HEADS_DIR
from . import state


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    dom = env.get_domain("hs")
    s = state.site(app)
    homes = state.homes(app)
    docs, authors = borrowed(s, homes)
    stored = dom.data.get("borrowed")
    old_docs, old_authors, old_homes = stored if isinstance(stored, tuple) and len(stored) == 3 else ({}, {}, {})
    dom.data["borrowed"] = (docs, authors, dict(homes))
    if not old_docs:
        return []  # first build: every page is written anyway
    rewrite = {doc for doc in docs if old_docs.get(doc) != docs[doc]}
    if old_homes != homes:  # generated content links the explorer, the what's-new page, …
        rewrite |= set(dom.data["aggregates"])
    moved = {k for k in authors if k in old_authors and old_authors[k] != authors[k]}
    if moved:  # an author's page changed name: every list showing these papers links it
        rewrite |= {f"{HEADS_DIR}/{h}" for k in moved for h in s.papers[k].heads if h in s.heads}
        rewrite |= {doc for doc, kinds in dom.data["aggregates"].items() if any("bib" in KINDS[k].shows for k in kinds)}
    return sorted(rewrite & env.all_docs.keys())
