"""Check a catalogue page's body on its parsed Markdown tokens, against an allow-list.

The page is parsed with MyST's own Markdown parser and the site's syntax settings, so every
fence syntax (```, ~~~, :::) and every nested directive is seen exactly as the build sees it.
Only the directives and roles listed here may appear; links must be https (or an anchor).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from markdown_it.token import Token

from .problems import Problem

#: Directives allowed in paper and head pages, with the options each may take.
#: "markdown" directives hold Markdown that is checked in turn; "literal" ones hold text only.
ADMONITIONS = ("note", "tip", "important", "warning", "caution", "seealso")
DIRECTIVES: dict[str, tuple[str, frozenset[str]]] = {
    **{name: ("markdown", frozenset({"class", "name"})) for name in ADMONITIONS},
    "admonition": ("markdown", frozenset({"class", "name"})),
    "list-table": ("markdown", frozenset({"header-rows", "stub-columns", "widths", "width", "align", "class", "name"})),
    "code-block": ("literal", frozenset({"caption", "linenos", "lineno-start", "emphasize-lines", "dedent", "class", "name"})),
    "math": ("literal", frozenset({"label", "nowrap", "class", "name"})),
}
#: Roles allowed in paper and head pages.
ROLES = frozenset({"paper", "head", "term", "cite:p", "cite:t", "math", "sub", "sup", "abbr"})
#: Pages larger than this are refused before parsing (bounds the work one page can cause).
MAX_PAGE_BYTES = 256 * 1024
MAX_DEPTH = 6

TAG = re.compile(r"<\s*/?\s*[A-Za-z!?]")
WORD = re.compile(r"[A-Za-z]{2,}")
OPTION = re.compile(r"\s*:([\w-]+):")
SAFE_HREF = re.compile(r"https://[^\s<>\"'`\\]+|#[\w-]+")
ALLOWED_HELP = "allowed directives: " + ", ".join(sorted(DIRECTIVES)) + "; roles: " + ", ".join(sorted(ROLES))


@functools.lru_cache(maxsize=1)
def _parser():
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    # The same syntax as conf.py's myst_enable_extensions / myst_disable_syntax.
    config = MdParserConfig(enable_extensions={"colon_fence", "deflist", "fieldlist"},
                            disable_syntax=["html_block", "html_inline"])
    parser = create_md_parser(config, RendererHTML)
    parser.validateLink = lambda url: True  # see every link, so that refused ones are reported
    return parser


@dataclass
class BodyCheck:
    """What the body check found: problems, whether any is unsafe, and the prose word count."""

    problems: list[Problem]
    unsafe: bool
    words: int


class _Walker:
    def __init__(self, path: str) -> None:
        self.path, self.problems, self.unsafe, self.words = path, [], False, 0

    def refuse(self, line: int, message: str, fix: str) -> None:
        self.problems.append(Problem(self.path, line, message, fix))
        self.unsafe = True

    def walk(self, text: str, first_line: int, depth: int) -> None:
        if depth > MAX_DEPTH:
            self.refuse(first_line, "directives nested too deeply", f"nest at most {MAX_DEPTH} directives")
            return
        heading = False
        for token in _parser().parse(text):
            line = first_line + (token.map[0] if token.map else 0)
            if token.type in ("fence", "colon_fence"):
                self.fence(token, line, depth)
            elif token.type == "inline":
                self.inline(token.children or [], line, count=not heading)
            heading = token.type == "heading_open" or (heading and token.type != "heading_close")

    def fence(self, token: Token, line: int, depth: int) -> None:
        info = token.info.strip()
        if not info.startswith("{"):
            return  # a plain code block: shown as text
        name = info[1:].partition("}")[0].strip()
        spec = DIRECTIVES.get(name)
        if spec is None:
            self.refuse(line, f"directive '{name}' is not allowed in catalogue pages", ALLOWED_HELP)
            return
        kind, options = spec
        names, body, skipped = _options(token.content)
        for option in names:
            if option not in options:
                self.refuse(line, f"option ':{option}:' of directive '{name}' is not allowed",
                            "use only: " + (", ".join(sorted(options)) or "no options"))
        if kind == "markdown":
            self.walk(body, line + 1 + skipped, depth + 1)

    def inline(self, children: list[Token], line: int, count: bool) -> None:
        for child in children:
            if child.type == "text":
                self.words += len(WORD.findall(child.content)) if count else 0
                if TAG.search(child.content):
                    self.refuse(line, "raw HTML is not allowed in catalogue pages", "write Markdown instead (HTML is shown as text)")
            elif child.type == "myst_role":
                name = child.meta.get("name", "")
                if name not in ROLES:
                    self.refuse(line, f"role '{{{name}}}' is not allowed in catalogue pages", ALLOWED_HELP)
            elif child.type == "link_open":
                href = str(child.attrs.get("href", ""))
                if not SAFE_HREF.fullmatch(href):
                    self.refuse(line, f"link '{href[:60]}' is not an https address", "link the https:// address")
            elif child.type == "image":
                self.refuse(line, "images are not allowed in catalogue pages", "describe the figure in words and link the paper")


def _options(content: str) -> tuple[list[str], str, int]:
    """A directive body's option names (leading ``:name: value`` lines or a ``---`` YAML block),
    the body without them, and how many lines they took."""
    lines = content.splitlines()
    names: list[str] = []
    if lines and lines[0].strip() == "---":
        for skipped, line in enumerate(lines[1:], start=2):  # noqa: B007 (the count is read after the loop)
            if line.strip() == "---":
                break
            key = line.partition(":")[0].strip()
            if key and not line.startswith((" ", "\t", "-")):
                names.append(key)
        else:
            skipped = len(lines)
    else:
        skipped = 0
        while skipped < len(lines) and (match := OPTION.match(lines[skipped])):
            names.append(match.group(1))
            skipped += 1
    return names, "\n".join(lines[skipped:]), skipped


def check(body: str, path: str, first_line: int) -> BodyCheck:
    """Check a page body (the text after the front matter) starting at page line ``first_line``."""
    if len(body.encode("utf-8", "surrogatepass")) > MAX_PAGE_BYTES:
        problem = Problem(path, first_line, f"page text is larger than {MAX_PAGE_BYTES // 1024} KiB", "shorten the page")
        return BodyCheck([problem], True, 0)
    walker = _Walker(path)
    walker.walk(body, first_line, 0)
    return BodyCheck(walker.problems, walker.unsafe, walker.words)
