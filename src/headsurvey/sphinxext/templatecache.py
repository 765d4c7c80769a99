"""builder-inited: keep the compiled templates (the theme's and this package's) in the doctree folder,
and look at the theme's template files once per build.

Jinja2 compiles each template to Python the first time a process uses it: about 0.1 s for the
templates a page is made from, a tenth of a one-page rebuild at 1,000 papers. Jinja2 keeps what it
compiled under the template's name with the checksum of its source, and compiles a template again
whose source changed.

Jinja2 also asks, each time a page uses a template it has loaded, whether the template's file
changed on disk (a stat): 28 templates a page, about 2.3 s of a build at 10,000 papers. The
builder's template environment lives for one build, in which the templates do not change, so it
loads each once and does not ask again (``auto_reload``).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import jinja2
from sphinx.application import Sphinx

from ..pages import templating

#: The folder, in the doctree folder, of the compiled templates.
FOLDER = "headsurvey-templates"


class _Kept(jinja2.FileSystemBytecodeCache):
    """Jinja2's cache of compiled templates in files, which leaves a template uncached when its folder
    cannot be written (read-only, or removed since: this package's environment outlives a build)."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def keep_compiled_templates(app: Sphinx) -> None:
    """Give the builder's template environment and this package's one cache in the doctree folder;
    the builder's loads each template once."""
    theme = getattr(getattr(app.builder, "templates", None), "environment", None)
    if isinstance(theme, jinja2.Environment):
        theme.auto_reload = False
    folder = Path(app.doctreedir) / FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # a doctree folder that cannot be written: templates are compiled as before
    cache = _Kept(str(folder))
    for environment in (theme, templating.environment()):
        if isinstance(environment, jinja2.Environment):
            environment.bytecode_cache = cache
