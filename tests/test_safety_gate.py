"""The post-build gate judges pages as a browser uses them, and refuses with a located build
error (the source file and line), never a traceback; derived settings follow html_baseurl."""

from __future__ import annotations

import pytest

from headsurvey.pages import gate

from .conftest import mini_site, sphinx_build

SVG_LINK = '<svg width="200" height="100"><a><animate attributeName="href" values="javascript:void(document.title=\'PWNED\')" /><text x="20" y="20">click</text></a></svg>'
SVG_SET = '<svg width="200" height="100"><a><set attributeName="href" to="javascript:void(document.title=\'PWNED\')" /><text x="20" y="20">click</text></a></svg>'


@pytest.mark.parametrize(("html", "expected"), [
    (SVG_LINK, "<animate> is not allowed"),
    (SVG_SET, "<set> is not allowed"),
    ('<svg><animateMotion values="x"/></svg>', "<animatemotion> is not allowed"),
    ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', "forbidden URL scheme"),
    ('<svg><foreignObject><p>x</p></foreignObject></svg>', "<foreignobject> is not allowed"),
    ('<math><maction actiontype="statusline">x</maction></math>', "<math> is not allowed"),
    ('<img srcset="a.png 1x, javascript:alert(1) 2x">', "forbidden URL scheme"),
    ('<form><button formaction="javascript:alert(1)">x</button></form>', "forbidden URL scheme"),
    ('<a href="&#106;avascript:alert(1)">x</a>', "forbidden URL scheme"),
    ('<a href="file:///etc/passwd">x</a>', "forbidden URL scheme"),
    ('<a href="\x01javascript:alert(1)">x</a>', "forbidden URL scheme"),
    ('<div style="background: url(javascript:alert(1))">x</div>', "loads a URL or runs script"),
    ('<style>@import "https://evil.example/x.css";</style>', "style sheet with url()"),
    ('<p ping="https://evil.example">x</p>', "attribute ping= on <p> is not allowed"),
    ('<video poster="javascript:alert(1)"></video>', "<video> is not allowed"),
    ('<a href="x" target="_blank" formtarget="y">x</a>', "attribute target= on <a> is not allowed"),
])
def test_the_gate_refuses_what_a_browser_would_run_or_load(html, expected):
    found = gate.scan(f"<!doctype html><html><body>\n{html}\n</body></html>", "page.html", depth=1)
    line = 1 if "&#" in html else 2  # a decoded value is not in the source: the page's first line
    assert any(p.startswith(f"page.html:{line}: ") and expected in p for p in found), found


def test_the_gate_passes_inert_svg_and_safe_links():
    html = ('<svg viewBox="0 0 10 10"><defs><marker id="m" markerWidth="3" refX="1"><path d="M0 0"/></marker></defs>'
            '<a href="../papers/x.html"><rect x="1" y="1" width="2" height="2" fill="#fff"/></a>'
            '<use href="#m"/></svg><a href="https://arxiv.org/abs/2211.00593">x</a><a href="mailto:a@b.org">m</a>'
            '<img srcset="a.png 1x, b.png 2x" alt="">')
    assert gate.scan(html, "papers/x.html", depth=1) == []


MAINTAINER_PAGE = """# Extra

A maintainer's page may use raw HTML; the gate still refuses what would run.

```{{raw}} html
{markup}
```
"""


@pytest.mark.slow
@pytest.mark.parametrize(("markup", "tag"), [(SVG_LINK, "animate"), (SVG_SET, "set")])
def test_an_svg_animation_link_is_refused_at_its_source_and_never_runs_in_chromium(tmp_path, chromium_browser, markup, tag):
    from .browser import site_page

    src = mini_site(tmp_path / "src", pages={"extra.md": MAINTAINER_PAGE.format(markup=markup)})
    out = tmp_path / "out"
    for strict in (True, False):
        result = sphinx_build(src, out, strict=strict)
        assert result.returncode != 0
        assert f"extra.md:6: ERROR: unsafe output: <{tag}> is not allowed (in extra.html, line" in result.stderr, result.stderr[-3000:]
        assert "Traceback" not in result.stderr and "Extension error" not in result.stderr and "report" not in result.stderr.lower()
    (out / "control.html").write_text(f"<!doctype html><html><body>{markup}</body></html>")
    with site_page(out, chromium_browser) as (base, page, _errors):
        page.goto(f"{base}/control.html")  # the same markup, unguarded: the click runs the script
        page.click("text=click")
        page.wait_for_timeout(300)
        assert page.title() == "PWNED"
        page.goto(f"{base}/extra.html")
        for link in page.query_selector_all("a"):
            link.click()
        page.wait_for_timeout(300)
        assert page.title() != "PWNED" and "PWNED" not in page.content() and "withheld" in page.content()


@pytest.mark.slow
def test_a_page_the_gate_refuses_is_a_located_error_without_traceback(tmp_path):
    """{math} loads MathJax from a CDN: a maintainer page using it is refused at its file, cleanly."""
    src = mini_site(tmp_path / "src", pages={"extra.md": "# Extra\n\nEnergy {math}`E = mc^2` here.\n"})
    result = sphinx_build(src, tmp_path / "out")
    assert result.returncode != 0
    assert "docs/extra.md:1: ERROR: unsafe output: script 'https://cdn.jsdelivr.net" in result.stderr.replace(str(src) + "/", ""), result.stderr[-3000:]
    assert "Traceback" not in result.stderr and "Extension error" not in result.stderr


@pytest.mark.slow
def test_the_404_prefix_follows_a_command_line_base_url(tmp_path):
    src = mini_site(tmp_path / "src")
    out = tmp_path / "out"
    result = sphinx_build(src, out, "-D", "html_baseurl=https://example.org/docs/v2/")
    assert result.returncode == 0, result.stderr[-3000:]
    page = (out / "404.html").read_text()
    assert 'src="/docs/v2/_static/' in page and "/en/latest/" not in page
    assert 'content="https://example.org/docs/v2/' in (out / "papers/a2024x.html").read_text()  # OpenGraph follows too
