"""The vocabulary page: every allowed name of the data files, each with its anchor, as the built HTML shows it."""

from __future__ import annotations

import pytest
import yaml
from bs4 import BeautifulSoup

from headsurvey.pages.vocabulary import anchor
from headsurvey.sources.vocab import vocabulary_url

from .conftest import ROOT, mini_site, sphinx_build

DATA = ROOT / "docs/_data"


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> BeautifulSoup:
    """The real docs/vocabulary.md built in a small site that has the real vocabularies."""
    root = tmp_path_factory.mktemp("vocab")
    src = mini_site(root / "src", pages={
        "index.md": "# Mini\n\n```{toctree}\nexplore\ncharts\natlas\ndata\nvocabulary\ncontributing\n```\n",
        "vocabulary.md": (ROOT / "docs/vocabulary.md").read_text(), "contributing.md": "# Contributing\n\nThe guide.\n"})
    result = sphinx_build(src, root / "out")
    assert result.returncode == 0, result.stderr
    return BeautifulSoup((root / "out/vocabulary.html").read_text(), "html.parser")


def rows(page: BeautifulSoup, kind: str) -> dict[str, list[str]]:
    return {row["id"]: [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
            for row in page.select(f"tr[id^={kind}-]")}


def test_every_model_of_models_yaml_has_its_row(page):
    models = yaml.safe_load((DATA / "models.yaml").read_text())
    found = rows(page, "model")
    assert len(models) >= 200 and len(found) == len(models)
    for model in models:
        cells = found[anchor("model", model["name"])]
        assert cells[:4] == [model["name"], model["family"], str(model.get("layers", "")), str(model.get("heads", ""))]


def test_every_method_venue_and_head_has_its_row(page):
    methods = yaml.safe_load((DATA / "methods.yaml").read_text())
    assert {anchor("method", m["slug"]) for m in methods} == set(rows(page, "method"))
    venues = yaml.safe_load((DATA / "venues.yaml").read_text())
    assert {anchor("venue", v["name"]) for v in venues} == set(rows(page, "venue"))
    assert rows(page, "head") == {"head-test-head": ["test-head", "Test Head", "ICI", "Overall Structure"]}
    assert page.select_one("tr#head-test-head a")["href"] == "heads/test-head.html"


def test_the_sections_the_checker_links_exist(page):
    for section in ("heads", "models", "methods", "venues"):
        assert vocabulary_url(section).endswith(f"vocabulary.html#{section}")
        assert page.select_one(f"section#{section} table") is not None


def test_an_incremental_build_shows_a_model_added_to_the_data(tmp_path):
    src = mini_site(tmp_path / "src", pages={"index.md": "# Mini\n\n```{toctree}\nexplore\ncharts\natlas\ndata\nvocabulary\n```\n",
                                             "vocabulary.md": "# Vocabulary\n\n## Models\n\n```{vocabulary} models\n```\n"})
    assert sphinx_build(src, tmp_path / "out").returncode == 0
    models = src / "docs/_data/models.yaml"
    models.write_text(models.read_text() + "- {name: Test-LM-1B, family: Test-LM, layers: 3, heads: 4}\n")
    result = sphinx_build(src, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    built = BeautifulSoup((tmp_path / "out/vocabulary.html").read_text(), "html.parser")
    assert rows(built, "model")["model-test-lm-1b"][:4] == ["Test-LM-1B", "Test-LM", "3", "4"]
