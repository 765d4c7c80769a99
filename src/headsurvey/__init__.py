"""headsurvey: the Sphinx extension and data model of the attention-head survey site.

The package follows the flow of the data: ``sources`` (read and validate) → ``site`` (the
indexed records of a build) → ``pages`` and ``exports`` (generated content and downloads) →
``sphinxext`` and ``cli`` (Sphinx glue and the command line). Sphinx loads the extension from
here; its glue is imported only then, so the checker starts without importing Sphinx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict:
    """Sphinx's entry point (``extensions = ["headsurvey"]``)."""
    from .sphinxext import setup as setup_extension

    return setup_extension(app)
