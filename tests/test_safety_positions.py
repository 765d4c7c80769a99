"""A refused construct is refused in every position MyST's grammar gives it, by the checker and
by the strict build alike, with its page line; a lenient build publishes none of it.

Each case is a page body holding one construct in one position; the expected line is the first
line that names the construct. The positions cover every place MyST parses text again when it
renders (directive first lines, option blocks of every form, titles, captions, nested bodies)
and every Markdown container (lists, quotes, tables, footnotes, definition and field lists,
headings, link text).
"""

from __future__ import annotations

import pytest

from headsurvey.sources import SourceRecords, read_page
from headsurvey.sources.vocab import Vocabulary

from .conftest import MINI_BIB, MINI_PAPER, PROSE, ROOT, SITE_PREFIX, mini_site, sphinx_build

SECRET = "SECRET-PAYLOAD-7f3a"
#: Block constructs (a directive: its first line names it) and what the checker says of each.
BLOCK = {
    "literalinclude": ("```{literalinclude} ../secret.txt\n```", "directive 'literalinclude' is not allowed"),
    "raw": ("```{raw} html\n<svg><a><animate attributeName=href values=javascript:alert(1) /></a></svg>\n```", "directive 'raw' is not allowed"),
    "include": (":::{include} ../secret.txt\n:::", "directive 'include' is not allowed"),
    "evalrst": ("```{eval-rst}\n.. raw:: html\n\n   <b>x</b>\n```", "directive 'eval-rst' is not allowed"),
}
#: Inline constructs (a role, raw HTML, an image, a local link).
INLINE = {
    "download": ("{download}`../secret.txt`", "role '{download}' is not allowed"),
    "html": ("<script>alert(1)</script>", "raw HTML is not allowed"),
    "image": ("![x](../secret.txt)", "images are not allowed"),
    "locallink": ("[x](../secret.txt)", "is not an https address"),
}
#: What names each construct on its first line.
NEEDLES = {"literalinclude": "{literalinclude}", "raw": "{raw}", "include": "{include}", "evalrst": "{eval-rst}",
           "download": "{download}", "html": "<script>", "image": "![x]", "locallink": "[x](../"}
#: Where a block construct may stand; {X} is the construct.
BLOCK_POSITIONS = {
    "body": "{X}",
    "first-line": ":::{{note}} {X}\n:::",
    "after-yaml-options": "::::{{note}}\n---\nclass: tip\n---\n{X}\n::::",
    "after-long-rule": "::::{{note}}\n---\nclass: tip\n----------\n{X}\n::::",
    "after-rule-text": "::::{{note}}\n---\nclass: tip\n--- {X}\n::::",
    "after-colon-options": "::::{{note}}\n:class: tip\n{X}\n::::",
    "after-blank-options": "::::{{note}}\n:class: tip\n\n{X}\n::::",
    "nested-2": ":::::{{admonition}} Title\n::::{{tip}}\n{X}\n::::\n:::::",
    "nested-3": "~~~~{{warning}}\n:::::{{caution}}\n::::{{seealso}}\n{X}\n::::\n:::::\n~~~~",
    "admonition-body": "````{{admonition}} Title\n:class: tip\n\n{X}\n````",
    "list-item": "- item\n\n  {X}",
    "ordered-item": "1. item\n\n   {X}",
    "blockquote": "> {X}",
    "nested-quote-list": "> - item\n>\n>   {X}",
    "footnote": "A claim.[^n]\n\n[^n]: Note.\n\n    {X}",
    "definition": "Term\n: {X}",
    "field-body": ":Field: text\n\n    {X}",
    "list-table-cell": "::::{{list-table}}\n* - a\n  - {X}\n::::",
}
#: Where an inline construct may stand.
INLINE_POSITIONS = {
    "paragraph": "Text {X} text.",
    "emphasis": "*Text {X}* and **{X}**",
    "heading": "## Heading {X}",
    "setext-heading": "Heading {X}\n-------",
    "link-text": "[text {X}](https://example.org)",
    "table-cell": "| a | b |\n|---|---|\n| c | {X} |",
    "table-header": "| a {X} | b |\n|---|---|\n| c | d |",
    "admonition-title": ":::{{admonition}} Data {X}\nText.\n:::",
    "list-table-title": ":::{{list-table}} Data {X}\n* - a\n:::",
    "code-caption": "```{{code-block}} python\n:caption: Code {X}\nx = 1\n```",
    "footnote": "A claim.[^n]\n\n[^n]: Note {X}.",
    "definition-term": "Term {X}\n: Definition.",
    "definition": "Term\n: Definition {X}.",
    "field-name": ":Field {X}: text",
    "list-item": "- item {X}",
    "nested-list": "- a\n  - b\n    - c {X}",
    "blockquote": "> quote {X}",
    "first-line-text": ":::{{note}} Text {X}\n:::",
    "nested-directive": "::::{{note}}\n:::{{tip}}\nText {X}\n:::\n::::",
    "link-definition": "[text][ref] and more.\n\n:::{{note}}\n[text][ref] {X}\n:::\n\n[ref]: https://example.org",
}


def cases() -> dict[str, tuple[str, str, str]]:
    """Page key → (body, needle naming the construct, expected message)."""
    out = {}
    for kind, positions, constructs in (("b", BLOCK_POSITIONS, BLOCK), ("i", INLINE_POSITIONS, INLINE)):
        for pname, template in positions.items():
            for cname, (snippet, expected) in constructs.items():
                key = f"{kind}{pname.replace('-', '')}{cname}"
                if pname == "first-line" and snippet.startswith(":::"):
                    snippet = snippet.replace(":::", "```")
                if pname == "list-table-cell":
                    snippet = snippet.replace("\n", "\n    ")
                if pname in ("list-item", "ordered-item", "nested-quote-list", "footnote", "field-body") and kind == "b":
                    indent = {"list-item": "  ", "ordered-item": "   ", "nested-quote-list": ">   ", "footnote": "    ", "field-body": "    "}[pname]
                    snippet = snippet.replace("\n", "\n" + indent)
                if pname == "blockquote" and kind == "b":
                    snippet = snippet.replace("\n", "\n> ")
                if pname == "definition" and kind == "b":
                    snippet = snippet.replace("\n", "\n  ")
                out[key] = (f"{PROSE}\n\n" + template.replace("{X}", snippet).replace("{{", "{").replace("}}", "}") + "\n",
                            NEEDLES[cname], expected)
    return out


CASES = cases()


def page_text(body: str) -> str:
    return MINI_PAPER.format(n=1, body=body)


def expected_line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), start=1) if needle in line)


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return Vocabulary.load(ROOT / "docs/_data", display="docs/_data")


@pytest.mark.parametrize("key", sorted(CASES))
def test_the_checker_refuses_the_construct_where_it_stands(key, vocab):
    body, needle, expected = CASES[key]
    text = page_text(body)
    result = read_page("paper", key, text, f"docs/papers/{key}.md", vocab)
    line = expected_line(text, needle)
    assert result.unsafe
    assert any(p.line == line and expected in p.message and p.fix for p in result.problems), (line, result.problems)


@pytest.mark.slow
def test_the_strict_build_refuses_every_case_and_a_lenient_one_publishes_none(tmp_path):
    src = mini_site(tmp_path / "src")
    (src / "docs/secret.txt").write_text(SECRET)
    bib = [(src / "references.bib").read_text()]
    for n, (key, (body, _, _)) in enumerate(sorted(CASES.items()), start=10):
        (src / f"docs/papers/{key}.md").write_text(page_text(body))
        bib.append(MINI_BIB.format(key=key, n=n, url=f"https://example.org/{key}"))
    (src / "references.bib").write_text("\n".join(bib))
    found = SourceRecords.load(src).problems
    strict = sphinx_build(src, tmp_path / "strict", "-j", "2")
    assert strict.returncode != 0
    for key, (body, needle, expected) in CASES.items():
        line = expected_line(page_text(body), needle)
        assert any(p.path == f"docs/papers/{key}.md" and p.line == line and expected in p.message for p in found), key
        assert f"docs/papers/{key}.md:{line}: WARNING: " in strict.stderr, key
    assert "Traceback" not in strict.stderr
    out = tmp_path / "lenient"
    assert sphinx_build(src, out, "-j", "2", strict=False).returncode == 0
    for path in out.rglob("*"):
        if path.is_file() and "_sources" not in path.parts:
            data = path.read_bytes()
            assert SECRET.encode() not in data and b"alert(1)" not in data and b"<b>x</b>" not in data, path
    assert not (out / "_downloads").exists()
    from headsurvey.pages import gate

    assert gate.scan_site(out, root=SITE_PREFIX) == []


#: Every rule of the parser the checker was written against, by the token types it makes; a rule
#: MyST adds (new syntax) fails this test until the walker is taught what it makes.
BLOCK_RULES = {"front_matter", "table", "code", "colon_fence", "fence", "myst_line_comment", "blockquote",
               "myst_block_break", "myst_target", "hr", "list", "footnote_def", "reference", "heading", "lheading",
               "deflist", "fieldlist", "paragraph"}
INLINE_RULES = {"text", "newline", "escape", "myst_role", "backticks", "emphasis", "link", "image", "footnote_ref",
                "autolink", "entity"}


def test_the_walker_knows_every_rule_of_the_parser():
    from headsurvey.sources.markdown import parser

    md = parser()
    assert set(md.block.ruler.get_active_rules()) == BLOCK_RULES
    assert set(md.inline.ruler.get_active_rules()) == INLINE_RULES


def test_the_directive_specs_are_those_of_the_classes_sphinx_runs(tmp_path):
    from docutils.parsers.rst import directives
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    from headsurvey.sources.body import DIRECTIVES

    src = mini_site(tmp_path / "src")
    with docutils_namespace():
        Sphinx(str(src / "docs"), str(src), str(tmp_path / "out"), str(tmp_path / "dt"), "html", status=None, warning=None)
        for name, spec in DIRECTIVES.items():
            real = directives._directives.get(name)
            if real is None:
                module, cls = directives._directive_registry[name]
                real = getattr(__import__(f"docutils.parsers.rst.directives.{module}", fromlist=[cls]), cls)
            assert (real.required_arguments, real.optional_arguments, real.final_argument_whitespace, real.has_content) == \
                (spec.required, spec.optional, spec.whitespace, True), name
            assert spec.options <= set(real.option_spec), name


def test_a_build_whose_myst_settings_differ_from_the_checker_s_stops(tmp_path):
    src = mini_site(tmp_path / "src")
    result = sphinx_build(src, tmp_path / "out", "-D", "myst_heading_anchors=5")
    line = next(n for n, text in enumerate((src / "conf.py").read_text().splitlines(), 1) if "update(MYST_SETTINGS)" in text)
    assert result.returncode != 0 and f"conf.py:{line}: ERROR: myst_heading_anchors = 5 differs from headsurvey.sources.markdown.MYST_SETTINGS" in result.stderr
    conf = src / "conf.py"
    conf.write_text(conf.read_text() + '\nmyst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "html_image"]\n')
    result = sphinx_build(src, tmp_path / "out2")
    last = len(conf.read_text().splitlines())
    assert result.returncode != 0 and f"conf.py:{last}: ERROR: myst_enable_extensions = ['colon_fence', 'deflist', 'fieldlist', 'html_image'] differs" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_doctree_guard_refuses_what_no_allowed_markdown_makes():
    from docutils import nodes
    from sphinx import addnodes

    from headsurvey.sphinxext.guard import _refused

    page = "/site/docs/papers/x.md"
    refused = [
        nodes.raw("", "<b>x</b>", format="html"), addnodes.download_reference("", "", reftarget="../conf.py"),
        nodes.image(uri="x.png"), nodes.literal_block("x", "x", source="/etc/passwd"),
        nodes.reference("", "x", refuri="javascript:alert(1)"), nodes.reference("", "x", refuri="../../conf.py"),
        addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget="x"), addnodes.only(expr="html"),
    ]
    assert [n for n in refused if not _refused(n, page, False)] == []
    allowed = [nodes.paragraph("", "x"), nodes.reference("", "x", refuri="https://arxiv.org"),
               nodes.literal_block("x", "x", source=page), addnodes.pending_xref("", refdomain="hs", reftype="paper")]
    assert [n for n in allowed if _refused(n, page, False)] == []
