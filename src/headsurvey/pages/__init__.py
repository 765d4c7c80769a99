"""Pages: generated content, one module per kind, each from the site's records to docutils nodes or SVG.

:mod:`.kinds` is the one table of generated-content kinds; :mod:`.context` is what a page
knows about linking; :mod:`.gate` checks the finished HTML.
"""
