"""SiteIndex: the indexed records of one build, as plain Python built once per build.

Papers by head, the stages and model families of a paper, heads located per model; testable
without Sphinx.
"""

from .index import STAGE_ORDER, SiteIndex, newest_first

__all__ = ["STAGE_ORDER", "SiteIndex", "newest_first"]
