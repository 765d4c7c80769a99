"""Peak memory: a build holds no doctree between its reading and its writing (sphinxext/memory.py)."""

from __future__ import annotations

import gc
import inspect

import sphinx.builders
import sphinx.environment
from sphinx.application import Sphinx

from headsurvey.sphinxext import memory
from tests.conftest import mini_site, sphinx_build


def test_sphinx_still_has_the_caches_that_are_replaced():
    """The caches are private to Sphinx: a version that renames them fails here, not silently."""
    source = inspect.getsource(sphinx.environment) + inspect.getsource(sphinx.builders)
    for name in memory.CACHES:
        assert source.count(f"self.env.{name}[") + source.count(f"self.{name}[") >= 1, name


def cache_sizes(tmp_path, monkeypatch) -> dict[str, list[int]]:
    """How many doctrees the two caches hold when the mini site's build starts writing, and when it ends."""
    seen: dict[str, list[int]] = {}
    setup = Sphinx.setup_extension

    def probe(app: Sphinx, name: str) -> None:
        setup(app, name)
        if name == "headsurvey":
            for event in ("write-started", "build-finished"):
                app.connect(event, lambda app, *_, event=event: seen.setdefault(event, [
                    len(getattr(app.env, cache)) for cache in memory.CACHES]))

    monkeypatch.setattr(Sphinx, "setup_extension", probe)
    root = mini_site(tmp_path / "site")
    result = sphinx_build(root, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out/papers/a2024x.html").read_text().count("path patching") >= 8
    return seen


def test_no_doctree_is_kept_between_reading_and_writing(tmp_path, monkeypatch):
    """At the start of writing, and at its end, the caches hold no doctree; the pages are written all the same."""
    assert cache_sizes(tmp_path, monkeypatch) == {"write-started": [0, 0], "build-finished": [0, 0]}


def test_without_the_replacement_sphinx_keeps_every_doctree(tmp_path, monkeypatch):
    """The control: Sphinx's own caches hold every page read (the mini site has 7 and more)."""
    monkeypatch.setattr(memory, "before_read", lambda *args: None)
    assert cache_sizes(tmp_path, monkeypatch)["write-started"][0] >= 7


def test_the_caches_drop_what_sphinx_puts_in_them():
    cache = memory.KeepNothing()
    cache["papers/x"] = object()
    assert len(cache) == 0 and cache.get("papers/x") is None


def test_the_environment_is_left_out_of_the_collector_s_walks_until_the_build_ends(tmp_path, monkeypatch):
    """While the pages are written, the objects alive (the environment) are frozen; after the build
    the collector is on and nothing is frozen, so a process that builds again frees this build's objects."""
    seen: dict[str, tuple[bool, int]] = {}
    setup = Sphinx.setup_extension

    def probe(app: Sphinx, name: str) -> None:
        setup(app, name)
        if name == "headsurvey":
            app.connect("write-started", lambda *_: seen.setdefault("writing", (gc.isenabled(), gc.get_freeze_count())))
            app.connect("build-finished", lambda *_: seen.setdefault("written", (gc.isenabled(), gc.get_freeze_count())),
                        priority=0)

    monkeypatch.setattr(Sphinx, "setup_extension", probe)
    monkeypatch.setattr(memory, "PAGES_BETWEEN_FREEZES", 5)  # the mini site writes about 40 pages
    result = sphinx_build(mini_site(tmp_path / "site"), tmp_path / "out")
    assert result.returncode == 0, result.stderr
    enabled, frozen = seen["writing"]
    assert enabled and frozen > 10_000
    assert seen["written"][1] > frozen  # what the pages left alive was frozen as they were written
    assert (tmp_path / "out/papers/a2024x.html").read_text().count("path patching") >= 8
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_reading_freezes_what_the_pages_add_and_no_page_s_document(tmp_path, monkeypatch):
    """While pages are read, what they add is frozen every few pages; no document read is among it:
    once the pages are read, a collection frees every one of them."""
    import weakref

    seen: dict[str, int] = {}
    documents: list[weakref.ref] = []
    setup = Sphinx.setup_extension

    def after_reading(app: Sphinx, env) -> None:
        gc.collect()
        seen["alive"] = sum(ref() is not None for ref in documents)
        seen["frozen"] = gc.get_freeze_count()

    def probe(app: Sphinx, name: str) -> None:
        setup(app, name)
        if name == "headsurvey":
            app.connect("env-before-read-docs", lambda *_: seen.setdefault("before", gc.get_freeze_count()), priority=999)
            app.connect("doctree-read", lambda app, doctree: documents.append(weakref.ref(doctree)))
            app.connect("env-updated", after_reading, priority=0)  # before the environment read is frozen

    monkeypatch.setattr(Sphinx, "setup_extension", probe)
    monkeypatch.setattr(memory, "PAGES_READ_BETWEEN_FREEZES", 2)
    assert sphinx_build(mini_site(tmp_path / "site"), tmp_path / "out").returncode == 0
    assert len(documents) >= 7
    assert seen["frozen"] > seen["before"]  # frozen while the pages were read
    assert seen["alive"] == 0


def titles_attached(tmp_path, monkeypatch) -> int:
    """How many of the environment's title nodes still hang on a document when the mini site's build ends."""
    seen: list[int] = []
    setup = Sphinx.setup_extension

    def probe(app: Sphinx, name: str) -> None:
        setup(app, name)
        if name == "headsurvey":
            app.connect("build-finished", lambda app, exc: seen.append(sum(
                node.parent is not None for table in (app.env.titles, app.env.longtitles) for node in table.values())),
                priority=0)

    monkeypatch.setattr(Sphinx, "setup_extension", probe)
    assert sphinx_build(mini_site(tmp_path / "site"), tmp_path / "out").returncode == 0
    return seen[0]


def test_no_title_keeps_the_throwaway_document_it_was_rendered_in(tmp_path, monkeypatch):
    assert titles_attached(tmp_path, monkeypatch) == 0


def test_without_the_release_sphinx_leaves_titles_on_documents(tmp_path, monkeypatch):
    """The control: Sphinx's rendering of titles leaves them attached (a document per page written)."""
    monkeypatch.setattr(memory, "release_titles", lambda *args: None)
    assert titles_attached(tmp_path, monkeypatch) >= 7
