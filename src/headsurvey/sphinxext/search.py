"""English search indexing with one stem memo per build instead of one per page.

Sphinx memoises stems within a page only, so the words every paper page shares (generated
headers, badges, vocabulary) were stemmed again on each of them: at 1,000 papers, stemming was
the largest single cost of the build. The stems, and so the index, are unchanged.
"""

from __future__ import annotations

from sphinx.search.en import SearchEnglish


class MemoisedEnglish(SearchEnglish):
    """Sphinx's English search language with a build-wide stem memo."""

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self._stems: dict[str, str] = {}

    def stem(self, word: str) -> str:
        stemmed = self._stems.get(word)
        if stemmed is None:
            stemmed = self._stems[word] = super().stem(word)
        return stemmed
