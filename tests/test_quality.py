"""Quality gates on the built site: determinism, valid HTML, accessibility, security, RTD parity."""

from __future__ import annotations

import filecmp
import json
import subprocess
import sys

import pytest

from .browser import AXE, site_page
from .conftest import ROOT, SITE_PREFIX, mini_site, sphinx_build

VNU = ROOT / "tests/js/node_modules/vnu-jar/build/dist/vnu.jar"
AXE_PAGES = ["index.html", "survey/latent-reasoning.html", "heads/induction-head.html", "explore.html",
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
    with site_page(site.out) as opened:
        yield opened


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


def tree_differences(one, two, ignore: tuple[str, ...] = ()) -> list[str]:
    """Files that differ between two output folders (build caches excluded)."""
    diffs = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        diffs.extend(f"{prefix}{name}" for name in cmp.left_only + cmp.right_only + cmp.diff_files)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(one, two, ignore=[".doctrees", *ignore]), "")
    return diffs


def test_two_clean_builds_are_byte_identical(site, tmp_path):
    again = tmp_path / "again"
    result = sphinx_build(ROOT, again, "-j", "1")
    assert result.returncode == 0, result.stderr
    filecmp.clear_cache()
    assert tree_differences(site.out, again) == []
    (again / "pagefind/pagefind-entry.json").write_text((again / "pagefind/pagefind-entry.json").read_text() + " ")
    filecmp.clear_cache()
    assert tree_differences(site.out, again) == ["pagefind/pagefind-entry.json"]


def test_rendered_site_passes_the_security_gate(site):
    """The build runs the gate too; this reads the finished site again, every file."""
    from headsurvey.pages import gate

    assert gate.scan_site(site.out, root=SITE_PREFIX) == []


def test_external_links_that_open_a_new_tab_carry_noopener(site):
    for name in site.pages():
        for tag in site.page(name).find_all(target="_blank"):
            assert "noopener" in tag.get("rel", []), (name, tag)


ARXIV = r"https://arxiv\.org/abs/(\d{4}\.\d{4,5}|[a-z-]+/\d{7})"
DOI = r"https://doi\.org/10\.\d{4,9}/\S+"


def test_external_identifier_links_are_well_formed(site, catalogue):
    import re

    for key in catalogue.papers:
        for a in site.page(f"papers/{key}.html").select("a.hs-ext"):
            href = a["href"]
            assert href.startswith("https://"), (key, href)
            if "arxiv.org" in href:
                assert re.fullmatch(ARXIV, href), (key, href)
            if "doi.org" in href:
                assert re.fullmatch(DOI, href), (key, href)


def test_readthedocs_config_validates_against_the_published_schema():
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.readthedocs", str(ROOT / ".readthedocs.yaml")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_broken_readthedocs_config_fails_validation(tmp_path):
    broken = tmp_path / ".readthedocs.yaml"
    broken.write_text((ROOT / ".readthedocs.yaml").read_text().replace("version: 2", "version: 7"))
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.readthedocs", str(broken)], capture_output=True, text=True)
    assert result.returncode != 0


def test_readthedocs_build_steps_give_the_same_site(tmp_path):
    """Run what Read the Docs runs (python.install, then the html job) in a fresh virtualenv, on
    the small site: the same output as `make html`'s command in the test environment."""
    import os
    import shlex
    import sys

    import yaml

    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())
    assert config["build"]["tools"]["python"] == f"{sys.version_info.major}.{sys.version_info.minor}"
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin/python"
    for step in config["python"]["install"]:
        if "requirements" in step:
            cmd = [str(python), "-m", "pip", "install", "-q", "-r", step["requirements"]]
        else:
            cmd = [str(python), "-m", "pip", "install", "-q", step["path"]]
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    src = mini_site(tmp_path / "src")
    assert sphinx_build(src, tmp_path / "ours", "-j", "auto").returncode == 0
    out = tmp_path / "rtd"
    env = {**os.environ, "READTHEDOCS_OUTPUT": str(out), "PATH": f"{venv}/bin:{os.environ['PATH']}"}
    for command in config["build"]["jobs"]["build"]["html"]:
        args = [a.replace("$READTHEDOCS_OUTPUT", str(out)) for a in shlex.split(command)]
        result = subprocess.run(args, cwd=src, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr[-3000:]
    assert (out / "html/papers/a2024x.html").exists()
    filecmp.clear_cache()
    # .buildinfo is Sphinx's rebuild bookkeeping: it hashes the absolute paths of the
    # installed extensions' static folders, which differ between any two virtualenvs.
    assert tree_differences(tmp_path / "ours", out / "html", ignore=(".buildinfo",)) == []
