"""No path from a contributed page or entry to executable content; clean stops; no stale pages."""

from __future__ import annotations

import json

import pytest

from headsurvey.pages import gate

from .conftest import PROSE, SITE_PREFIX, mini_site, sphinx_build

HOSTILE = f"""{PROSE}

:::{{raw}} html
:file: ../evil.html
:::

:::{{include}} ../../conf.py
:::
"""


def tree(out) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != ".buildinfo" and not {"_static", ".doctrees"} & set(p.parts)}


def test_a_hostile_page_is_refused_by_the_strict_build_and_withheld_without_it(tmp_path):
    src = mini_site(tmp_path / "src", bodies={"a2024x": HOSTILE})
    (src / "docs/evil.html").write_text("<script>alert('owned')</script>")
    strict = sphinx_build(src, tmp_path / "strict")
    assert strict.returncode != 0
    assert "docs/papers/a2024x.md:14: WARNING: directive 'raw' is not allowed in catalogue pages" in strict.stderr
    assert "docs/papers/a2024x.md:18: WARNING: directive 'include' is not allowed in catalogue pages" in strict.stderr
    loose = sphinx_build(src, tmp_path / "loose", strict=False)  # as `make serve` builds
    assert loose.returncode == 0, loose.stderr
    html = (tmp_path / "loose/papers/a2024x.html").read_text()
    assert "owned" not in html and "headsurvey_bibfile" not in html and "html_theme" not in html
    assert "withheld" in html
    assert gate.scan_site(tmp_path / "loose", root=SITE_PREFIX) == []


def test_an_unsafe_bib_url_is_never_a_link(tmp_path):
    src = mini_site(tmp_path / "src", urls={"a2024x": "javascript:alert(1)"})
    strict = sphinx_build(src, tmp_path / "strict")
    assert strict.returncode != 0 and "references.bib:5: WARNING: a2024x: url is not a well-formed https address" in strict.stderr
    loose = sphinx_build(src, tmp_path / "loose", strict=False)
    assert loose.returncode == 0, loose.stderr
    assert gate.scan_site(tmp_path / "loose", root=SITE_PREFIX) == []
    for path in (tmp_path / "loose").rglob("*"):
        if path.suffix == ".html":
            assert 'href="javascript' not in path.read_text(), path
        elif path.name.startswith("export-"):  # the explorer's downloads: the entry as written (as in .bib files)
            papers = json.loads(path.read_text())["papers"]
            assert "javascript:" not in json.dumps([[p["csl"], p["csv"]] for p in papers.values()]), path
        elif path.suffix in (".json", ".csv", ".atom"):  # the entry's text itself is shown as written
            assert "javascript:" not in path.read_text(), path
    assert '"url": null' in (tmp_path / "loose/downloads/papers.json").read_text()


def test_a_broken_references_bib_stops_the_build_with_its_line_and_no_traceback(tmp_path):
    src = mini_site(tmp_path / "src")
    bib = src / "references.bib"
    bib.write_text(bib.read_text().replace("title = {A Study of Test Heads 1},", "title = {A Study of Test Heads 1}", 1))
    for strict in (True, False):
        result = sphinx_build(src, tmp_path / f"out{strict}", strict=strict)
        assert result.returncode != 0
        assert "references.bib:3: ERROR: a2024x: missing comma after field 'title'" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr + result.stdout and "report" not in result.stderr


def test_a_vocabulary_edit_rewrites_every_page_and_download_that_shows_it(tmp_path):
    src = mini_site(tmp_path / "src")
    out = tmp_path / "out"
    assert sphinx_build(src, out).returncode == 0
    models = src / "docs/_data/models.yaml"
    models.write_text(models.read_text().replace("{name: GPT-2 small, family: GPT-2,", "{name: GPT-2 small, family: Renamed,", 1))
    again = sphinx_build(src, out)
    assert again.returncode == 0, again.stderr
    clean = tmp_path / "clean"
    assert sphinx_build(src, clean).returncode == 0
    assert "Renamed" in (out / "downloads/papers.json").read_text()
    old, new = tree(out), tree(clean)
    assert old.keys() == new.keys()
    assert [name for name in old if old[name] != new[name]] == []


def test_an_unknown_directive_argument_is_a_located_warning(tmp_path):
    src = mini_site(tmp_path / "src", pages={"charts.md": "# Charts\n\n```{chart} papers-per-yr\n```\n\n```{paper-index} everything\n```\n"})
    result = sphinx_build(src, tmp_path / "out")
    assert result.returncode != 0
    assert "charts.md:3: WARNING: unknown argument 'papers-per-yr' for directive 'chart' — did you mean 'papers-per-year'?" in result.stderr
    assert "charts.md:6: WARNING: directive 'paper-index' takes no argument" in result.stderr


def test_the_gate_stops_a_build_whose_pages_carry_a_script(tmp_path):
    """A maintainer's page may use raw HTML; the gate still refuses a script in the output."""
    src = mini_site(tmp_path / "src", pages={"extra.md": "# Extra\n\n```{raw} html\n<script>alert(1)</script>\n```\n"})
    result = sphinx_build(src, tmp_path / "out", strict=False)
    assert result.returncode != 0
    assert "docs/extra.md:4: ERROR: unsafe output: inline script is not on the allow-list (in extra.html, line" in result.stderr
    assert "Traceback" not in result.stderr and "withheld" in (tmp_path / "out/extra.html").read_text()


@pytest.mark.parametrize(("html", "expected"), [
    ('<script src="https://evil.example/x.js"></script>', "is not on the allow-list"),
    ('<script src="../_static/../../x.js"></script>', "is not on the allow-list"),
    ("<script>alert(1)</script>", "inline script is not on the allow-list"),
    ('<script type="application/ld+json">{"a": </script>', "is not valid JSON"),
    ('<img src="x.png" onerror="alert(1)">', "event handler attribute onerror="),
    ('<svg><a onclick="x()"></a></svg>', "event handler attribute onclick="),
    ('<a href="javascript:alert(1)">x</a>', "forbidden URL scheme"),
    ('<a href=" JaVaScRiPt:alert(1)">x</a>', "forbidden URL scheme"),
    ('<a href="java\tscript:alert(1)">x</a>', "forbidden URL scheme"),
    ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', "forbidden URL scheme"),
    ('<form action="vbscript:x"></form>', "forbidden URL scheme"),
    ('<iframe src="https://example.org"></iframe>', "<iframe> is not allowed"),
    ('<object data="x.swf"></object>', "<object> is not allowed"),
    ('<embed src="x.swf">', "<embed> is not allowed"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example">', "meta refresh"),
])
def test_the_gate_refuses(html, expected):
    found = gate.scan(f"<!doctype html><html><body>\n{html}\n</body></html>", "page.html", depth=1)
    assert found and found[0].startswith("page.html:2: ") and expected in found[0], found


def test_the_gate_passes_the_theme_and_our_scripts():
    html = ('<script src="../_static/documentation_options.js?v=1"></script><script src="../_static/explorer.js"></script>'
            '<script>document.body.dataset.theme = localStorage.getItem("theme") || "auto";</script>'
            '<script type="application/ld+json">{"@type": "ScholarlyArticle"}</script>')
    assert gate.scan(html, "papers/x.html", depth=1) == []


def test_the_gate_takes_absolute_script_paths_only_under_the_site_root():
    page = '<script src="{}"></script>'
    assert gate.scan(page.format("/en/latest/_static/doctools.js"), "404.html", root="/en/latest/") == []
    assert gate.scan(page.format("/elsewhere/_static/doctools.js"), "404.html", root="/en/latest/") != []
    assert gate.scan(page.format("/en/latest/_static/doctools.js"), "404.html") != []
