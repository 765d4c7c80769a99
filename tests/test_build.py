"""The Sphinx build on the small test site: strict failures and incremental rebuilds.

Parallel against serial is compared on the whole real site (test_quality).
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from .conftest import MINI_HEAD, mini_site, sphinx_build


def read_counts(stdout: str) -> tuple[int, int, int]:
    match = re.search(r"(\d+) added, (\d+) changed, (\d+) removed", stdout)
    assert match, stdout
    return tuple(int(g) for g in match.groups())  # type: ignore[return-value]


def listed(out: Path, page: str) -> list[str]:
    soup = BeautifulSoup((out / page).read_text(encoding="utf-8"), "html.parser")
    return [a["href"] for a in soup.select("#hs-papers a.hs-paper-link")]


def two_head_site(dest: Path) -> Path:
    """The small site with a second head type, declared by b2024y beside test-head, and a heads index."""
    src = mini_site(dest, pages={"heads/index.md": ":orphan:\n\n# Head types\n\n```{head-index}\n```\n"})
    (src / "docs/heads/other-head.md").write_text(MINI_HEAD.replace("name: Test Head", "name: Other Head"))
    page = src / "docs/papers/b2024y.md"
    page.write_text(page.read_text().replace("heads: [test-head]", "heads: [test-head, other-head]"))
    return src


def test_broken_page_fails_the_strict_build_but_valid_pages_render(tmp_path):
    src = mini_site(tmp_path / "src")
    page = src / "docs/papers/a2024x.md"
    text = page.read_text().replace("heads: [test-head]", "heads: [no-such-head, test-head]")
    page.write_text(text.replace("The authors locate", "<script>alert(1)</script>\n\nThe authors locate", 1))
    result = sphinx_build(src, tmp_path / "out")
    assert result.returncode != 0
    assert "docs/papers/a2024x.md:4: WARNING: unknown head 'no-such-head'" in result.stderr
    assert re.search(r"docs/papers/a2024x.md:\d+: WARNING: raw HTML is not allowed", result.stderr)
    for name in ("papers/a2024x.html", "papers/b2024y.html", "heads/test-head.html"):
        assert (tmp_path / "out" / name).exists()
    assert "<script>alert(1)</script>" not in (tmp_path / "out/papers/a2024x.html").read_text()


def test_missing_bib_entry_fails_the_build(tmp_path):
    src = mini_site(tmp_path / "src")
    (src / "docs/papers/nobody2024missing.md").write_text((src / "docs/papers/a2024x.md").read_text())
    result = sphinx_build(src, tmp_path / "out")
    assert result.returncode != 0
    assert "docs/papers/nobody2024missing.md:1: WARNING: no entry 'nobody2024missing' in references.bib" in result.stderr


def test_editing_one_paper_rereads_it_alone_and_updates_head_pages(tmp_path):
    src, out = two_head_site(tmp_path / "src"), tmp_path / "out"
    first = sphinx_build(src, out)
    assert first.returncode == 0, first.stderr
    assert "../papers/b2024y.html" in listed(out, "heads/test-head.html")

    page = src / "docs/papers/b2024y.md"
    text = page.read_text().replace("heads: [test-head, other-head]", "heads: [other-head]")
    page.write_text("\n".join(line for line in text.splitlines() if "role: test-head" not in line) + "\n")
    second = sphinx_build(src, out)
    assert second.returncode == 0, second.stderr
    assert read_counts(second.stdout) == (0, 1, 0)
    assert "../papers/b2024y.html" not in listed(out, "heads/test-head.html")
    assert "../papers/b2024y.html" in listed(out, "heads/other-head.html")
    index = (out / "heads/index.html").read_text()
    assert re.search(r'test-head\.html"[^>]*>Test Head</a> — 1 papers?', index), index
    assert re.search(r'other-head\.html"[^>]*>Other Head</a> — 1 papers?', index), index


def test_editing_a_bib_entry_rereads_its_page_only(tmp_path):
    src, out = mini_site(tmp_path / "src"), tmp_path / "out"
    assert sphinx_build(src, out).returncode == 0
    bib = src / "references.bib"
    bib.write_text(bib.read_text().replace("title = {A Study of Test Heads 1}", "title = {A Revised Study of Test Heads}"))
    second = sphinx_build(src, out)
    assert second.returncode == 0, second.stderr
    added, _changed, removed = read_counts(second.stdout)
    assert (added, removed) == (0, 0)
    assert "papers/a2024x" in second.stdout and "papers/b2024y" not in re.findall(r"reading sources\.\.\. .*", second.stdout)
    assert "A Revised Study of Test Heads" in (out / "heads/test-head.html").read_text()
    assert "A Revised Study of Test Heads" in (out / "papers/a2024x.html").read_text()


def written(stdout: str) -> set[str]:
    """Documents a build wrote, from Sphinx's progress lines."""
    return set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", stdout))


def test_lists_are_rewritten_only_when_what_they_show_changes(tmp_path):
    src, out = mini_site(tmp_path / "src"), tmp_path / "out"
    assert sphinx_build(src, out).returncode == 0
    page = src / "docs/papers/a2024x.md"
    page.write_text(page.read_text() + "\nOne more sentence about the phase change.\n")
    summary_only = sphinx_build(src, out)
    assert read_counts(summary_only.stdout) == (0, 1, 0), summary_only.stdout
    assert written(summary_only.stdout) == {"papers/a2024x"}, summary_only.stdout
    page.write_text(page.read_text().replace("tasks: [", "tasks: [copying random tokens, "))
    tasks = sphinx_build(src, out)
    assert read_counts(tasks.stdout) == (0, 1, 0), tasks.stdout
    # Sphinx itself also rewrites the toctree parent of a rewritten page (the home page here).
    # The explorer's page shows no tasks: only its data (the words its search box matches) changes.
    assert written(tasks.stdout) - {"index"} == {"papers/a2024x"}
    assert any("copying random tokens" in p.read_text() for p in (out / "explorer").glob("words-*.json"))



def test_the_pages_read_in_one_build_share_one_lookup_of_their_inputs(tmp_path, monkeypatch):
    """Vocabularies and database are looked up once per read phase, not once per page;
    the next build looks them up again and sees a bib entry edited in between."""
    from sphinx.application import Sphinx

    from headsurvey.sphinxext import state

    builds: list[list[state.ReadInputs]] = []  # per build, the inputs each page read used (kept alive: ids stay distinct)
    setup = Sphinx.setup_extension

    def probe(app: Sphinx, name: str) -> None:
        setup(app, name)
        if name == "headsurvey":
            read: list[state.ReadInputs] = []
            builds.append(read)
            app.connect("source-read", lambda app, docname, source: read.append(state.read_inputs(app)))

    monkeypatch.setattr(Sphinx, "setup_extension", probe)
    root = mini_site(tmp_path / "site")
    assert sphinx_build(root, tmp_path / "out").returncode == 0
    bib = root / "references.bib"
    title = builds[0][0].database.entries["a2024x"].title_text
    bib.write_text(bib.read_text().replace(title, f"{title} Revisited"))
    assert sphinx_build(root, tmp_path / "out").returncode == 0
    first, second = builds
    assert len(first) >= 7 and len({id(inputs) for inputs in first}) == 1
    assert second and all(inputs is not first[0] for inputs in second)
    assert second[0].database.entries["a2024x"].title_text == f"{title} Revisited"


def test_an_edited_vocabulary_has_every_contributed_page_checked_again(tmp_path):
    """The data files are one digest of the build, not a dependency of each page: a model made smaller
    in models.yaml makes the next build read the papers again and refuse the head it no longer has."""
    root = mini_site(tmp_path / "site")
    assert sphinx_build(root, tmp_path / "out").returncode == 0
    models = root / "docs/_data/models.yaml"
    models.write_text(models.read_text().replace("{name: GPT-2 small, family: GPT-2, layers: 12,", "{name: GPT-2 small, family: GPT-2, layers: 2,"))
    result = sphinx_build(root, tmp_path / "out")
    assert result.returncode != 0
    assert "a2024x.md" not in result.stderr and "b2024y.md" in result.stderr  # b locates head 2.1: layer 2 of 0-1
    assert "GPT-2 small has no head 2.1" in result.stderr


def test_a_later_build_reuses_the_compiled_templates(tmp_path, monkeypatch):
    """The templates one build compiled are kept in its doctree folder: the next build, a new
    application (and here a new package environment, as in a new process), compiles none again."""
    import jinja2

    from headsurvey.pages import templating

    compiled: list[str] = []
    compile_ = jinja2.Environment.compile

    def counted(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name or "")
        return compile_(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    root = mini_site(tmp_path / "site")
    for edit in ("", "\nOne more sentence.\n"):
        page = root / "docs/papers/a2024x.md"
        page.write_text(page.read_text() + edit)
        templating.environment.cache_clear()
        compiled.clear()
        assert sphinx_build(root, tmp_path / "out").returncode == 0
        if not edit:
            assert {"page.html", "base.html", "paper_line.html"} <= set(compiled), compiled
    assert not [name for name in compiled if name.endswith(".html")], compiled


def test_a_build_reads_each_template_file_once(tmp_path, monkeypatch):
    """Neither the theme's templates nor the package's are looked at on disk again for every page
    that uses them (Jinja2's auto_reload): each file's time is read once, when it is loaded."""
    import os
    from collections import Counter

    import sphinx.jinja2glue

    from headsurvey.pages import templating

    looked: Counter[str] = Counter()
    theme_time, os_time = sphinx.jinja2glue._last_modified_time, os.path.getmtime

    def theme_looked(path):
        looked[str(path)] += 1
        return theme_time(path)

    def os_looked(path):
        looked[str(path)] += 1
        return os_time(path)

    monkeypatch.setattr(sphinx.jinja2glue, "_last_modified_time", theme_looked)
    monkeypatch.setattr(os.path, "getmtime", os_looked)
    templating.environment.cache_clear()
    root = mini_site(tmp_path / "site")
    assert sphinx_build(root, tmp_path / "out").returncode == 0
    used = {path: n for path, n in looked.items() if path.endswith(".html")}
    assert any(path.endswith("furo/page.html") for path in used) and any("headsurvey" in path for path in used), used
    assert max(used.values()) == 1, sorted(used.items(), key=lambda item: -item[1])[:5]
