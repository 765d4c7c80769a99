"""The extension's settings: declared once, checked at config-inited with an error naming the fix."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Setting:
    """One ``conf.py`` value of the extension: default, rebuild scope, and what a valid value is."""

    name: str
    default: Any
    rebuild: Literal["", "env", "html"]
    valid: Callable[[Any, Path], bool]
    expected: str


def _positive(value: Any, _: Path) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _bool(value: Any, _: Path) -> bool:
    return isinstance(value, bool)


def _bibfile(value: Any, confdir: Path) -> bool:
    return isinstance(value, str) and (confdir / value).is_file()


def _text(value: Any, _: Path) -> bool:
    return isinstance(value, str)


SETTINGS = (
    Setting("headsurvey_bibfile", "references.bib", "env", _bibfile,
            "the path of the BibTeX database, relative to the folder of conf.py"),
    Setting("headsurvey_root", "", "", _text, "set by the extension itself (the folder of conf.py)"),
    Setting("headsurvey_list_size", 500, "html", _positive,
            "a whole number of at least 1: how many items one generated list page holds"),
    # False skips the search index (a quick preview: the search page then finds nothing).
    Setting("headsurvey_search_index", True, "", _bool, "True or False"),
    # False keeps a serial build's page checks and gate in its own process (sphinxext/offload.py).
    Setting("headsurvey_offload", True, "", _bool, "True or False"),
)


def add_settings(app: Sphinx) -> None:
    """Declare every setting of :data:`SETTINGS`."""
    for s in SETTINGS:
        app.add_config_value(s.name, s.default, s.rebuild, types=[type(s.default)])


def validate(app: Sphinx, config: Config) -> None:
    """Refuse a setting that would crash or mislead the build later, naming the value and the fix."""
    bad = [f"{s.name} = {config[s.name]!r}: expected {s.expected}" for s in SETTINGS
           if not s.valid(config[s.name], Path(app.confdir))]
    base = urlsplit(config.html_baseurl)
    if config.html_baseurl and (base.scheme not in ("http", "https") or not base.netloc
                                or not config.html_baseurl.endswith("/")):
        bad.append(f"html_baseurl = {config.html_baseurl!r}: expected the site's absolute address ending in '/'"
                   " (e.g. https://headsurvey.readthedocs.io/en/latest/)")
    for problem in bad:
        logger.error("conf.py (or -D on the command line): %s", problem)
    if bad:
        raise SystemExit(2)  # a clean stop: Sphinx would print its "report this bug" traceback otherwise
