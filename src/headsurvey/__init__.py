"""headsurvey: the Sphinx extension and data model of the attention-head survey site.

Sphinx loads the extension from here; its code lives in `extension` and is imported only then,
so the command-line checker starts without importing Sphinx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict:
    """Sphinx's entry point (``extensions = ["headsurvey"]``)."""
    from .extension import setup as setup_extension

    return setup_extension(app)
