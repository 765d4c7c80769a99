"""Quality gates on the built site: valid HTML, accessibility, security, well-formed links."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest

from .browser import AXE, site_page
from .conftest import ROOT, SITE_PREFIX

VNU = ROOT / "tests/js/node_modules/vnu-jar/build/dist/vnu.jar"
AXE_PAGES = ["index.html", "survey/latent-reasoning.html", "heads/induction-head.html", "explore.html",
             "papers/wang2023interpretability.html", "bibliography.html", "papers/index.html"]


def vnu_errors(*folders: Path) -> list[dict]:
    """The Nu checker's errors for every HTML file of ``folders``, from one Java process."""
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--errors-only", "--skip-non-html",
                             *map(str, folders)], capture_output=True, text=True)
    return json.loads(result.stderr)["messages"]


@pytest.fixture(scope="module")
def validated(site, tmp_path_factory) -> tuple[Path, list[dict]]:
    """The real site and a page of it made invalid (in a folder of its own), checked in one run of the
    validator (a Java start-up and its warm-up, about 5 s of CPU, paid once): the broken page and the
    errors found in either folder."""
    broken = tmp_path_factory.mktemp("invalid") / "broken.html"
    broken.write_text((site.out / "index.html").read_text().replace("</body>", "<div><span></div></body>", 1))
    return broken, vnu_errors(site.out, broken.parent)


def _in(folder: Path, messages: list[dict]) -> list[dict]:
    """The messages about files of ``folder`` (the checker names each file by a file: URL)."""
    return [m for m in messages if Path(unquote(urlsplit(m.get("url", "")).path)).resolve().is_relative_to(folder.resolve())]


@pytest.mark.java
@pytest.mark.slow
def test_html_is_valid(site, validated):
    broken, messages = validated
    assert _in(broken.parent, messages) + _in(site.out, messages) == messages  # every message is located
    assert _in(site.out, messages) == []


@pytest.mark.java
@pytest.mark.slow
def test_invalid_markup_makes_the_validator_gate_fail(validated):
    broken, messages = validated
    assert _in(broken.parent, messages)


def axe_violations(page, url: str, scheme: str) -> list[dict]:
    page.emulate_media(color_scheme=scheme)
    page.goto(url)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.fixture(scope="module")
def browser_page(site, chromium_browser):
    with site_page(site.out, chromium_browser) as opened:
        yield opened


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", AXE_PAGES)
def test_accessibility(browser_page, name, scheme):
    base, page, _errors = browser_page
    violations = axe_violations(page, f"{base}/{name}", scheme)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations]


@pytest.mark.browser
def test_inaccessible_markup_makes_the_axe_gate_fail(browser_page, tmp_path):
    _base, page, _ = browser_page
    page.set_content("<html><body><img src='x.png'><a href='#'></a></body></html>")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    assert {v["id"] for v in result["violations"]} & {"image-alt", "link-name"}


@pytest.mark.browser
def test_no_console_errors(browser_page):
    base, page, errors = browser_page
    errors.clear()
    for name in AXE_PAGES:
        page.goto(f"{base}/{name}")
    assert errors == []


def test_rendered_site_passes_the_security_gate(site):
    """The build runs the gate too; this reads the finished site again, every file."""
    from headsurvey.pages import gate

    assert gate.scan_site(site.out, root=SITE_PREFIX) == []


def test_external_links_that_open_a_new_tab_carry_noopener(site):
    for name in site.pages():
        for tag in site.tree(name).xpath('//*[@target="_blank"]'):
            assert "noopener" in (tag.get("rel") or "").split(), (name, lxml.html.tostring(tag))


ARXIV = r"https://arxiv\.org/abs/(\d{4}\.\d{4,5}|[a-z-]+/\d{7})"
DOI = r"https://doi\.org/10\.\d{4,9}/\S+"


def test_external_identifier_links_are_well_formed(site, catalogue):
    import re

    for key in catalogue.papers:
        for a in site.tree(f"papers/{key}.html").xpath('//a[contains(concat(" ", normalize-space(@class), " "), " hs-ext ")]'):
            href = a.get("href", "")
            assert href.startswith("https://"), (key, href)
            if "arxiv.org" in href:
                assert re.fullmatch(ARXIV, href), (key, href)
            if "doi.org" in href:
                assert re.fullmatch(DOI, href), (key, href)
