"""Check a catalogue page's body on what MyST parses, against an allow-list.

The page is parsed by MyST's own Markdown parser with the site's settings
(:mod:`.markdown`), and every token is visited: block and inline tokens must be of an allowed
type, and the text MyST parses again when it renders, is parsed again here the same way:

* a directive's fence is split by MyST's own ``parse_directive_text`` (first-line text,
  ``---`` or ``:key:`` option blocks, arguments), with the argument counts and options of the
  class the build runs (a test compares them with the classes Sphinx registers);
* a directive whose argument is a title (``admonition``, ``list-table``) has it parsed as
  inline Markdown, as docutils does; a Markdown body is walked in turn, at any depth;
* link definitions and footnotes are shared by the whole page, as in MyST's environment.

Anything not on the allow-lists is refused where it stands, with its page line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from docutils.parsers.rst import Directive, directives
from docutils.parsers.rst.directives.tables import ListTable
from docutils.parsers.rst.states import MarkupError
from markdown_it.token import Token

from .markdown import parser
from .problems import Problem


def _optional_int(value: str | None) -> int | None:
    return None if value is None else int(value)


@dataclass(frozen=True)
class Spec:
    """A directive as MyST reads it (its class's arguments and options) and what its text is.

    ``kind``: "markdown" (the body is Markdown, checked in turn) or "literal" (shown as text);
    ``title``: the argument is parsed as inline Markdown; ``markdown_options``: option values
    parsed as Markdown (Sphinx's code-block caption)."""

    kind: str
    required: int = 0
    optional: int = 0
    whitespace: bool = True
    title: bool = False
    option_spec: Mapping[str, Callable[[str], object]] = ()  # type: ignore[assignment]
    markdown_options: tuple[str, ...] = ()  # options whose value is parsed as Markdown (a caption)

    @property
    def options(self) -> frozenset[str]:
        return frozenset(self.option_spec)

    def directive_class(self) -> type[Directive]:
        """A stand-in for the real class, enough for MyST's ``parse_directive_text``."""
        return type("Allowed", (Directive,), {
            "required_arguments": self.required, "optional_arguments": self.optional,
            "final_argument_whitespace": self.whitespace, "has_content": True, "option_spec": dict(self.option_spec)})


_NAMED = {"class": directives.class_option, "name": directives.unchanged}
#: Directives allowed in paper and head pages.
ADMONITIONS = ("note", "tip", "important", "warning", "caution", "seealso")
DIRECTIVES: dict[str, Spec] = {
    **{name: Spec("markdown", option_spec=_NAMED) for name in ADMONITIONS},
    "admonition": Spec("markdown", required=1, title=True, option_spec=_NAMED),
    "list-table": Spec("markdown", optional=1, title=True, option_spec={
        name: ListTable.option_spec[name] for name in ("header-rows", "stub-columns", "widths", "width", "align", "class", "name")}),
    "code-block": Spec("literal", optional=1, whitespace=False, option_spec={
        "linenos": directives.flag, "lineno-start": int, "emphasize-lines": directives.unchanged_required,
        "caption": directives.unchanged_required, "dedent": _optional_int, **_NAMED}, markdown_options=("caption",)),
}
#: The generated lists an index page of a catalogue folder (docs/papers/index.md) may hold.
INDEX_DIRECTIVES: dict[str, Spec] = {name: Spec("literal") for name in ("paper-index", "head-index", "head-graph")}
#: Roles allowed in paper and head pages (their text is a key, a slug or plain text).
ROLES = frozenset({"paper", "head", "term", "cite:p", "cite:t", "sub", "sup", "abbr"})
#: Roles that point at something that must exist: a paper page, a head page, a glossary term, a bib entry.
REFERENCE_ROLES = frozenset({"paper", "head", "term", "cite:p", "cite:t"})
EXPLICIT = re.compile(r"(?s).*<([^<>]+)>\s*")
#: Token types allowed; a directive's or a Markdown block's content is checked in turn.
BLOCK_TOKENS = frozenset({
    "paragraph_open", "paragraph_close", "heading_open", "heading_close", "inline", "hr", "code_block", "fence",
    "colon_fence", "bullet_list_open", "bullet_list_close", "ordered_list_open", "ordered_list_close",
    "list_item_open", "list_item_close", "blockquote_open", "blockquote_close", "table_open", "table_close",
    "thead_open", "thead_close", "tbody_open", "tbody_close", "tr_open", "tr_close", "th_open", "th_close",
    "td_open", "td_close", "dl_open", "dl_close", "dt_open", "dt_close", "dd_open", "dd_close",
    "field_list_open", "field_list_close", "fieldlist_name_open", "fieldlist_name_close", "fieldlist_body_open",
    "fieldlist_body_close", "footnote_block_open", "footnote_block_close", "footnote_open", "footnote_close",
    "footnote_anchor", "footnote_reference_open", "footnote_reference_close", "myst_line_comment",
})
INLINE_TOKENS = frozenset({
    "text", "softbreak", "hardbreak", "code_inline", "em_open", "em_close", "strong_open", "strong_close",
    "link_open", "link_close", "footnote_ref", "myst_role",
})
REFUSED_TOKENS = {
    "image": ("images are not allowed in catalogue pages", "describe the figure in words and link the paper"),
    "html_block": ("raw HTML is not allowed in catalogue pages", "write Markdown instead"),
    "html_inline": ("raw HTML is not allowed in catalogue pages", "write Markdown instead"),
    "myst_target": ("targets '(name)=' are not allowed in catalogue pages", "remove the target line; link the page with {paper} or {head}"),
    "myst_block_break": ("block breaks '+++' are not allowed in catalogue pages", "use a blank line or '---'"),
    "front_matter": ("a YAML block is not allowed in the page text", "put fields in the front matter at the top only"),
}
#: Pages larger than this are refused before parsing (bounds the work one page can cause).
MAX_PAGE_BYTES = 256 * 1024
MAX_DEPTH = 6

TAG = re.compile(r"<\s*/?\s*[A-Za-z!?]")
WORD = re.compile(r"[A-Za-z]{2,}")
UNKNOWN_OPTION = re.compile(r"Unknown option key: '(.*?)'")
SAFE_HREF = re.compile(r"https://[^\s<>\"'`\\]+|#[\w-]+")
ALLOWED_HELP = "allowed directives: " + ", ".join(sorted(DIRECTIVES)) + "; roles: " + ", ".join(sorted(ROLES))


@dataclass
class BodyCheck:
    """What the body check found: problems, whether any is unsafe, and the prose word count."""

    problems: list[Problem]
    unsafe: bool
    words: int
    refs: list[tuple[str, str, int]] = field(default_factory=list)  # (role, target, line) of cross-references


class _Walker:
    def __init__(self, path: str, allowed: Mapping[str, Spec]) -> None:
        self.path, self.allowed, self.unsafe, self.words = path, allowed, False, 0
        self.problems: list[Problem] = []
        self.refs: list[tuple[str, str, int]] = []
        self.env: dict[str, Any] = {}  # MyST's document environment: link definitions and footnotes are page-wide

    def refuse(self, line: int, message: str, fix: str) -> None:
        self.problems.append(Problem(self.path, line, message, fix))
        self.unsafe = True

    def block(self, text: str, first: int, depth: int) -> None:
        """Walk Markdown ``text`` whose first line is page line ``first``."""
        if depth > MAX_DEPTH:
            self.refuse(first, "directives nested too deeply", f"nest at most {MAX_DEPTH} directives")
            return
        heading = False
        for token in parser().parse(text + "\n", self.env):
            line = first + (token.map[0] if token.map else 0)
            if token.type in ("fence", "colon_fence"):
                self.fence(token, line, depth)
            elif token.type == "inline":
                self.inline(token.children or [], line, count=not heading)
            elif token.type not in BLOCK_TOKENS:
                self.refuse(line, *REFUSED_TOKENS.get(token.type, (f"Markdown construct '{token.type}' is not allowed in catalogue pages", "write plain Markdown: paragraphs, lists, tables, links, emphasis")))
            heading = token.type == "heading_open" or (heading and token.type != "heading_close")

    def fence(self, token: Token, line: int, depth: int) -> None:
        """A fenced block, read as MyST's ``render_fence`` / ``render_colon_fence`` read it."""
        parts = token.info.strip().split(maxsplit=1)
        name, first_line = (parts[0] if parts else ""), (parts[1] if len(parts) > 1 else "")
        if not (name.startswith("{") and name.endswith("}")):
            if token.type == "colon_fence":  # MyST renders its content as Markdown in a <div class="name">
                self.refuse(line, "a ':::' block must name an allowed directive, e.g. :::{note}", ALLOWED_HELP)
            return  # a code block: shown as text
        name = name[1:-1]
        spec = self.allowed.get(name)
        if spec is None:
            self.refuse(line, f"directive '{name}' is not allowed in catalogue pages", ALLOWED_HELP)
            return
        from myst_parser.parsers.directives import parse_directive_text

        content, shift = token.content, 0
        if token.type == "colon_fence" and content.startswith(":::"):
            content, shift = "\n" + content, -1  # as render_colon_fence does
        try:
            parsed = parse_directive_text(spec.directive_class(), first_line, content, line=line)
        except MarkupError as exc:
            self.refuse(line, f"directive '{name}': {exc}", "check the text on the directive's first line")
            return
        allowed = "use only: " + (", ".join(f":{o}:" for o in sorted(spec.options)) or "no options")
        for warning in parsed.warnings:
            unknown = UNKNOWN_OPTION.match(warning.msg)
            message = f"option ':{unknown.group(1)}:' of directive '{name}' is not allowed" if unknown else f"directive '{name}': {warning.msg}"
            self.refuse(warning.lineno or line, message, allowed)
        if spec.title and parsed.arguments:
            self.inline(parser().parseInline(parsed.arguments[0], self.env)[0].children or [], line, count=False)
        head = content.splitlines()[: max(parsed.body_offset, 0) + 1]  # the option block's lines
        for option in spec.markdown_options:
            if parsed.options.get(option):
                at = next((i for i, text in enumerate(head) if text.lstrip(" :").startswith(option)), shift)
                self.block(str(parsed.options[option]), line + 1 + at + shift, depth + 1)
        if spec.kind == "markdown" and parsed.body:
            self.block("\n".join(parsed.body), line + 1 + parsed.body_offset + shift, depth + 1)

    def inline(self, children: list[Token], line: int, count: bool) -> None:
        """Walk inline tokens starting on page line ``line`` (each line break moves it on)."""
        for child in children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "text":
                self.words += len(WORD.findall(child.content)) if count else 0
                if TAG.search(child.content):
                    self.refuse(line, "raw HTML is not allowed in catalogue pages", "write Markdown instead (HTML is shown as text)")
            elif child.type == "myst_role":
                name = child.meta.get("name", "")
                if name not in ROLES:
                    self.refuse(line, f"role '{{{name}}}' is not allowed in catalogue pages", ALLOWED_HELP)
                elif name in REFERENCE_ROLES:
                    self.refs += [(name, target, line) for target in role_targets(name, child.content)]
            elif child.type == "link_open":
                href = str(child.attrs.get("href", ""))
                if not SAFE_HREF.fullmatch(href):
                    self.refuse(line, f"link '{href[:60]}' is not an https address", "link the https:// address")
            elif child.type not in INLINE_TOKENS:
                self.refuse(line, *REFUSED_TOKENS.get(child.type, (f"Markdown construct '{child.type}' is not allowed in catalogue pages", "write plain Markdown")))


def check(text: str, path: str, first_line: int, allowed: Mapping[str, Spec] = DIRECTIVES) -> BodyCheck:
    """Check a page whose body starts at page line ``first_line`` (the front matter above it is
    blanked, as the build replaces it), so every position is reported by its page line."""
    lines = text.split("\n")
    body = "\n" * (first_line - 1) + "\n".join(lines[first_line - 1:])
    if len(body.encode("utf-8", "surrogatepass")) > MAX_PAGE_BYTES:
        problem = Problem(path, first_line, f"page text is larger than {MAX_PAGE_BYTES // 1024} KiB", "shorten the page")
        return BodyCheck([problem], True, 0)
    walker = _Walker(path, allowed)
    walker.block(body, 1, 0)
    return BodyCheck(walker.problems, walker.unsafe, walker.words, walker.refs)


def role_targets(role: str, content: str) -> list[str]:
    """What a cross-reference role points at: 'key', 'title <key>', or for citations 'a,b'."""
    explicit = EXPLICIT.fullmatch(content)
    target = (explicit.group(1) if explicit else content).strip()
    return [t.strip() for t in target.split(",") if t.strip()] if role.startswith("cite:") else [target]


def check_page(text: str, path: str, first_line: int, min_words: int = 0,
               allowed: Mapping[str, Spec] = DIRECTIVES) -> tuple[list[Problem], bool, list[tuple[str, str, int]]]:
    """Check a page body on what MyST parses (:func:`check`) and require prose.

    Returns the problems, whether the body holds anything unsafe (then it must not be rendered)
    and its cross-references (role, target, line).
    """
    found = check(text, path, first_line, allowed)
    problems = list(found.problems)
    if not found.unsafe and found.words < min_words:
        problems.append(Problem(path, first_line, f"page text has {found.words} words", f"write at least {min_words} words of prose in your own words (a summary for a paper, the sections for a head)"))
    return problems, found.unsafe, found.refs
