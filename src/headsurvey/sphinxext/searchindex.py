"""The search index in shards: Pagefind run once per shard of the staged search documents.

Pagefind cannot update an index, and its memory grows with the pages it indexes at once (1.6 GiB
for 12,000). So the staged documents are split into shards of about ``headsurvey_search_shard_size``
pages: a page's shard is fixed by a hash of its name, the number of shards by the number of
documents, so the same documents always give the same shards, and a small site has one,
``pagefind/``. Pagefind indexes each shard in a run of its own, one after the other (the peak is one
shard's), into the shard's folder (:func:`headsurvey.site.paths.search_shard`). A shard runs again
only when its documents, the common inputs (Pagefind's options are this package's code) or
Pagefind's version changed since its last run: an edit re-indexes the edited page's shard, and the
other shards keep their files. The search page merges the shards when a reader searches (Pagefind's
``mergeIndex``), reading their folders from :data:`headsurvey.site.paths.SEARCH_SHARDS`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from sphinx.errors import SphinxError
from sphinx.util import logging

from ..pages import searchdoc
from ..site import paths
from .search import staged_file

logger = logging.getLogger(__name__)

#: The part of every page that is indexed (furo's main column: no navigation, no footer).
ROOT_SELECTOR = f"#{searchdoc.MAIN_ID}"
#: Parts of pages left out of the index: controls, BibTeX blocks, field labels, the lists and
#: tables that repeat other pages' titles (a paper's title is found on its own page), and what a
#: paper page repeats of every other: its closing sections (located heads' table, related papers,
#: citation), its stage badges (a stage's name finds the stage's page, not thousands of papers) and
#: the count of heads located. Pagefind's memory grows with the words it indexes: at 10,000 papers
#: these parts were 43% of it (a shard of 5,260 pages: 744 MB with them, 424 MB without).
EXCLUDE = ("button", ".headerlink", ".hs-bibtex", ".hs-facts dt", ".hs-paper-list", ".hs-part-list", ".hs-part-nav",
           ".hs-explorer", "table", "#hs-located", "#hs-related", "#hs-cite", ".hs-stage-badge", 'a[href="#hs-located"]')


class SearchIndexError(SphinxError):
    category = "Search index (Pagefind)"


def shard_count(documents: int, size: int) -> int:
    """How many shards ``documents`` pages need at about ``size`` pages a shard (at least one)."""
    return max(1, -(-documents // size))


def shard_of(page: str, count: int) -> int:
    """The shard of a page (its HTML file, relative to the output) among ``count``: stable across builds."""
    return int(hashlib.sha1(page.encode()).hexdigest()[:8], 16) % count


def shards(documents: dict[str, str], size: int) -> list[dict[str, str]]:
    """The staged documents (page → digest) in their shards, each sorted by page."""
    cut: list[dict[str, str]] = [{} for _ in range(shard_count(len(documents), size))]
    for page, digest in sorted(documents.items()):
        cut[shard_of(page, len(cut))][page] = digest
    return cut


def build(outdir: Path, staging: Path, documents: dict[str, str], size: int, inputs: str) -> list[int]:
    """Run Pagefind over each shard of ``documents`` (page → digest of its staged document) whose
    documents or ``inputs`` (the common inputs and Pagefind's version) changed since its last run
    (a memo per shard in ``staging``); delete the folders of shards no longer made; write the list of
    shards the search page merges. The shards that ran."""
    cut = shards(documents, size)
    ran = []
    for i, docs in enumerate(cut):
        folder, memo = outdir / paths.search_shard(i), staging / f"pagefind-{i}.sha1"
        state = hashlib.sha1(json.dumps([inputs, sorted(docs.items())]).encode()).hexdigest()
        if not docs:  # a shard the hash left empty (tiny sites only): no folder
            shutil.rmtree(folder, ignore_errors=True)
        elif not (memo.exists() and memo.read_text() == state and (folder / "pagefind.js").exists()):
            _run_pagefind(staging, sorted(docs), folder)
            memo.write_text(state)
            ran.append(i)
    for folder in outdir.glob(f"{paths.SEARCH_DIR}-*/"):  # shards of a larger site
        number = folder.name.rpartition("-")[2]
        if number.isdigit() and folder.name == paths.search_shard(int(number)) and int(number) >= len(cut):
            shutil.rmtree(folder)
    for memo in staging.glob("pagefind-*.sha1"):
        if int(memo.stem.removeprefix("pagefind-")) >= len(cut):
            memo.unlink()
    listed = json.dumps([f"{paths.search_shard(i)}/" for i, docs in enumerate(cut) if docs]) + "\n"
    manifest = outdir / paths.SEARCH_SHARDS
    if not manifest.exists() or manifest.read_text() != listed:
        manifest.write_text(listed)
    return ran


def _link(source: Path, target: Path) -> None:
    """``target`` as a hard link to ``source``, or a copy where the file system has no links."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _run_pagefind(staging: Path, pages: list[str], folder: Path) -> None:
    """Index ``pages`` (their staged documents, under their pages' names in a temporary folder) into ``folder``."""
    from pagefind_bin import get_executable

    start = time.perf_counter()
    shutil.rmtree(folder, ignore_errors=True)  # no chunk of an earlier index stays behind
    with tempfile.TemporaryDirectory(prefix="headsurvey-search-", dir=staging) as site:
        for rel in pages:  # linked, not copied: an edit re-indexes a shard of thousands of documents
            page = Path(site, rel)
            page.parent.mkdir(parents=True, exist_ok=True)
            _link(staged_file(staging, rel), page)
        cmd = [str(get_executable()), "--site", site, "--output-path", str(folder),
               "--root-selector", ROOT_SELECTOR, "--force-language", "en",
               "--exclude-selectors", ", ".join(EXCLUDE), "--glob", "**/*.html", "--quiet"]
        result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode:
        raise SearchIndexError(f"pagefind failed ({result.returncode}):\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    logger.info("search index: %s (%d pages) in %.1f s", folder.name, len(pages), time.perf_counter() - start)
