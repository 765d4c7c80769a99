"""What every output is made in, and what each writer produced last time.

:func:`common_digest` digests everything besides a page's own content that shapes every output;
:class:`OutputMemo` keeps, per writer, the digest of each output and the common digest it was made in,
so that an output is written again only when one of them moved. The rules saying which input
reaches which output are in :mod:`headsurvey.sphinxext.dependencies`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import sphinx
from sphinx.application import Sphinx

from .. import __version__
from . import state
from .memo import files_digest, package_digest

# --- the common inputs: what shapes every output-----------------------------------------------

def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return ""


def common_digest(app: Sphinx) -> str:
    """A digest of everything besides a page's own content that goes into every output
    (computed once per build, after reading)."""
    current = state.build_state(app)
    if current.common_digest is None:
        current.common_digest = _common_digest(app)
    return current.common_digest


def _common_digest(app: Sphinx) -> str:
    env, config, builder = app.env, app.config, app.builder
    titles = {doc: env.titles[doc].astext() for doc in sorted(env.toctree_includes) if doc in env.titles}
    for docs in env.toctree_includes.values():
        titles.update({doc: env.titles[doc].astext() for doc in docs if doc in env.titles})
    build_info = getattr(builder, "build_info", None)
    confdir = Path(app.confdir)
    folders = [confdir / p for p in (*config.templates_path, *config.html_static_path)]
    folders += [Path(app.srcdir) / p for p in (*config.templates_path, *config.html_static_path)]
    theme = getattr(builder, "theme", None)
    parts = [
        sphinx.__version__, __version__, _package_version(config.html_theme or ""), builder.name,
        # Sphinx's own hash of every setting that affects HTML (html_baseurl, theme options, …).
        getattr(build_info, "config_hash", ""), getattr(build_info, "tags_hash", ""),
        config.html_baseurl, repr(getattr(theme, "name", "")),
        repr(sorted(env.toctree_includes.items())), repr(sorted(titles.items())),
        # The assets every page loads (a page may add its own while it is written: not these).
        repr([(c.filename, sorted(c.attributes.items())) for c in getattr(builder, "_orig_css_files", [])]),
        repr([(j.filename, sorted(j.attributes.items())) for j in getattr(builder, "_orig_js_files", [])]),
        repr(files_digest(dict.fromkeys(f.resolve() for f in folders))),
        # This package's code, templates and assets: a new version of any of them changes outputs.
        package_digest(),
    ]
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()


class OutputMemo:
    """The digests of the outputs one writer produced last time (a JSON file in the doctree folder).

    An output is written again when its digest changed, when the common inputs changed, or when its file
    is missing; :meth:`finish` deletes the files of outputs that are no longer produced."""

    def __init__(self, app: Sphinx, name: str, extra: str = "", inputs: str | None = None) -> None:
        self.path = Path(app.doctreedir) / f"headsurvey-{name}.json"
        self.outdir = Path(app.outdir)
        self.common = common_digest(app) + extra
        self.inputs = inputs
        try:
            old: dict[str, Any] = json.loads(self.path.read_text())
        except (OSError, ValueError):
            old = {}
        self.old: dict[str, str] = old.get("outputs", {}) if old.get("common") == self.common else {}
        self.old_inputs: str | None = old.get("inputs") if old.get("common") == self.common else None
        self.previous: set[str] = set(old.get("outputs", {}))
        self.new: dict[str, str] = {}

    def unchanged(self, file_of: Any) -> bool:
        """Whether every output is as the last build made it: the same ``inputs`` (a digest of everything
        the outputs are made from, given by the writer) in the same common inputs, every file in place."""
        return self.inputs is not None and self.old_inputs == self.inputs and all(file_of(o).exists() for o in self.old)

    def stale(self, output: str, content: str, file: Path) -> bool:
        """Whether ``output`` (shown as ``content``, written to ``file``) must be written again."""
        digest = self.new[output] = hashlib.sha1(content.encode()).hexdigest()
        return self.old.get(output) != digest or not file.exists()

    def finish(self, file_of: Any) -> None:
        """Save the digests; delete the files of outputs produced last time and not this time."""
        for output in sorted(self.previous - self.new.keys()):
            file_of(output).unlink(missing_ok=True)
        self.path.write_text(json.dumps({"common": self.common, "inputs": self.inputs, "outputs": self.new}, sort_keys=True))


def page_file(app: Sphinx, pagename: str) -> Path:
    """The HTML file a page is written to (``…/index.html`` in dirhtml builds)."""
    target = Path(app.outdir) / app.builder.get_target_uri(pagename)
    return target / "index.html" if target.is_dir() or str(target).endswith("/") else target


def changed_pages(app: Sphinx, name: str, pages: Iterable[tuple[str, dict[str, Any], str]],
                  inputs: str | None = None) -> Iterator[tuple[str, dict[str, Any], str]]:
    """html-collect-pages through an :class:`OutputMemo`: only the generated pages whose context
    (or the common inputs) changed are written again; pages no longer produced are deleted. With
    ``inputs`` (a digest of everything the pages are made from), no context is even computed when
    they are those of the last build (``pages`` must then be lazy: a generator)."""
    memo = OutputMemo(app, name, inputs=inputs)
    if memo.unchanged(lambda pagename: page_file(app, pagename)):
        state.build_state(app).generated.update(memo.old)  # the sitemap lists them
        return
    memo.path.unlink(missing_ok=True)  # a build stopped while writing leaves no memo to trust
    for pagename, context, template in pages:
        if memo.stale(pagename, json.dumps([template, context], sort_keys=True), page_file(app, pagename)):
            yield pagename, context, template
    memo.finish(lambda pagename: page_file(app, pagename))
    state.build_state(app).generated.update(memo.new)  # the sitemap lists unchanged pages too
