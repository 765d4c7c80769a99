"""The contributing guide as a newcomer follows it: its worked example prints what it shows, its links lead somewhere."""

from __future__ import annotations

import datetime as dt
import io
import re
import runpy
import shlex

from headsurvey.cli import main
from headsurvey.sources.vocab import SITE_URL, vocabulary_url

from .conftest import ROOT, copy_site

GUIDE = (ROOT / "docs/contributing.md").read_text()


def fenced(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", GUIDE, re.MULTILINE | re.DOTALL)


def test_the_worked_example_is_not_in_the_catalogue_and_prints_what_the_guide_shows(tmp_path, capsys, monkeypatch):
    src = copy_site(tmp_path / "src")
    [entry] = [block for block in fenced("bibtex") if "doe2024copying" in block]
    [command] = [block for block in fenced("sh") if "--dry-run < entry.bib" in block]
    args = re.sub(r"\\\n\s*", "", command).split("headsurvey ", 1)[1].split(" < ")[0]
    before = (src / "references.bib").read_text()
    monkeypatch.setattr("sys.stdin", io.StringIO(entry))
    assert main(["--root", str(src), *shlex.split(args)]) == 0
    printed = capsys.readouterr().out.replace(f"added: {dt.date.today().isoformat()}", "added: 2026-12-06")
    [shown] = fenced("diff")
    page, _, bib = shown.partition("would write references.bib:\n")
    assert printed.startswith(page)  # the page's diff, line for line
    added = [line for line in bib.splitlines() if line.startswith("+") and line != "+}"]
    lines = iter(printed.partition("would write references.bib:\n")[2].splitlines())
    assert all(line in lines for line in added)  # the entry's lines, in order (the diff's context depends on the catalogue)
    assert printed.endswith("dry run: nothing written\n")
    assert (src / "references.bib").read_text() == before and not (src / "docs/papers/doe2024copying.md").exists()


def test_the_guide_leads_to_the_repository_the_vocabulary_and_the_forms():
    conf = runpy.run_path(str(ROOT / "conf.py"))
    assert f"**<{conf['REPOSITORY']}>**" in GUIDE.split("## ", 1)[0]  # prominent, in the first paragraph
    assert conf["html_baseurl"] == SITE_URL and vocabulary_url().startswith(SITE_URL)
    for form in ("add-paper.yml", "correction.yml"):
        assert f"{conf['REPOSITORY']}/issues/new?template={form}" in GUIDE
        assert (ROOT / ".github/ISSUE_TEMPLATE" / form).exists()
    assert "{doc}`vocabulary`" in GUIDE
    prerequisites = GUIDE.split("## Prerequisites", 1)[1].split("\n## ", 1)[0]
    for needed in ("git", "Python 3.11", "make", "root", "Chromium", "Java", "TeX Live"):
        assert needed in prerequisites
    assert GUIDE.index("## Prerequisites") < GUIDE.index("## Fork, clone and set up") < GUIDE.index("## Add a paper")
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^test-fast: ", makefile, re.MULTILINE) and "make test-fast" in GUIDE
