"""Quality gates on the built site: determinism, valid HTML, accessibility, security, RTD parity."""

from __future__ import annotations

import filecmp
import json
import subprocess

import pytest

from .browser import AXE, chromium, serve
from .conftest import ROOT, copy_site, sphinx_build

VNU = ROOT / "tests/js/node_modules/vnu-jar/build/dist/vnu.jar"
AXE_PAGES = ["index.html", "survey/latent-reasoning.html", "heads/induction-head.html",
             "papers/wang2023interpretability.html", "bibliography.html", "papers/index.html"]


def vnu_errors(folder) -> list[dict]:
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--errors-only", "--skip-non-html", str(folder)],
                            capture_output=True, text=True)
    return json.loads(result.stderr)["messages"]


def test_html_is_valid(site):
    assert vnu_errors(site.out) == []


def test_invalid_markup_makes_the_validator_gate_fail(tmp_path, site):
    broken = tmp_path / "broken.html"
    broken.write_text((site.out / "index.html").read_text().replace("</body>", "<div><span></div></body>", 1))
    assert vnu_errors(tmp_path)


def axe_violations(page, url: str, scheme: str) -> list[dict]:
    page.emulate_media(color_scheme=scheme)
    page.goto(url)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.fixture(scope="module")
def browser_page(site):
    with serve(site.out) as base, chromium() as browser:
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        yield base, page, errors


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", AXE_PAGES)
def test_accessibility(browser_page, name, scheme):
    base, page, errors = browser_page
    violations = axe_violations(page, f"{base}/{name}", scheme)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations]


def test_inaccessible_markup_makes_the_axe_gate_fail(browser_page, tmp_path):
    base, page, _ = browser_page
    page.set_content("<html><body><img src='x.png'><a href='#'></a></body></html>")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    assert {v["id"] for v in result["violations"]} & {"image-alt", "link-name"}


def test_no_console_errors(browser_page):
    base, page, errors = browser_page
    errors.clear()
    for name in AXE_PAGES:
        page.goto(f"{base}/{name}")
    assert errors == []
