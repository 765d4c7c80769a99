"""Sources: read and validate pages, references.bib and the vocabularies into typed records.

Nothing at or below this package imports Sphinx: the checker, the scaffold, the tests and the
Sphinx glue all read the sources through these functions, so a page is judged the same way
everywhere.
"""

from .loader import (
    DATA_DIR,
    HEADS_DIR,
    PAPERS_DIR,
    PageResult,
    SourceRecords,
    cross_check,
    page_kind,
    read_page,
)

__all__ = ["DATA_DIR", "HEADS_DIR", "PAPERS_DIR", "PageResult", "SourceRecords", "cross_check", "page_kind", "read_page"]
