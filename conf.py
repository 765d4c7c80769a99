"""Sphinx configuration of the headsurvey site (source: docs/, built with ``-c .``)."""

import os

from headsurvey.sources.markdown import MYST_SETTINGS

project = "Attention Heads of LLMs: a survey companion"
author = "headsurvey contributors"
copyright = "2026, headsurvey contributors"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinx_copybutton",
    "sphinxcontrib.bibtex",
    "sphinxext.opengraph",
    "notfound.extension",
    "headsurvey",
]

root_doc = "index"
exclude_patterns = ["_build", "_data", "_static", "**/.ipynb_checkpoints"]
nitpicky = True
smartquotes = False  # titles and names appear exactly as in references.bib
suppress_warnings: list[str] = []

# MyST: Markdown pages, no raw HTML. The settings live in the package, where the checker reads
# them too (`headsurvey check` parses pages exactly as the build does); the extension refuses a
# build whose myst_* values differ from them (a -D override included).
globals().update(MYST_SETTINGS)

# One bibliographic database, at the repository root.
bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"
bibtex_tooltips = False  # tooltips format every entry a second time
headsurvey_bibfile = "references.bib"

html_theme = "furo"
html_title = "Attention Heads of LLMs"
# The canonical address of the built site: Read the Docs provides it; other builds (local,
# CI) use the published address, so canonical links, the sitemap and OpenGraph URLs agree.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "https://headsurvey.readthedocs.io/en/latest/")
html_static_path: list[str] = []
html_favicon = "docs/_static/favicon.svg"
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    "navigation_with_keys": True,
}
copybutton_selector = "div.highlight pre"

# OpenGraph and Twitter cards (sphinxext-opengraph); headsurvey gives paper and head pages
# their description (the summary's first sentence, the head's definition).
# ogp_site_url: html_baseurl, set by the extension when the configuration is read
ogp_social_cards = {"enable": False}  # no generated images: builds stay fast and reproducible
ogp_custom_meta_tags = ['<meta name="twitter:card" content="summary" />']

# The 404 page (sphinx-notfound-page) links its assets by absolute path under the site's prefix:
# the extension derives notfound_urls_prefix from html_baseurl when the configuration is read,
# so `-D html_baseurl=...` and READTHEDOCS_CANONICAL_URL move it too.

# The repository: "edit this page" and "view source" on every written page (furo), and a
# footer on every page, generated ones included, with the repository and the add-a-paper form.
REPOSITORY = "https://github.com/headsurvey/headsurvey"
html_theme_options.update({
    "source_repository": REPOSITORY + "/",
    "source_branch": "main",
    "source_directory": "docs/",
    "footer_icons": [
        {"name": "Add a paper (issue form)", "url": REPOSITORY + "/issues/new?template=add-paper.yml",
         "html": "Add a paper", "class": "hs-footer-link"},
        {"name": "Source repository on GitHub", "url": REPOSITORY, "html": "Repository", "class": "hs-footer-link"},
    ],
})
