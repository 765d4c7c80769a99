"""Benchmark the site's build at growing catalogue sizes against a bare Sphinx + MyST floor.

    python benchmarks/run.py --sizes 100 1000 10000 --out benchmarks/results.md

For each size N a synthetic corpus is written in the site's real format: the real head pages,
vocabularies and survey pages, plus N paper pages (front matter with heads, models, methods,
a head instance; a summary with {paper} and {head} references) and N references.bib entries.
The same page bodies are also built by bare Sphinx with MyST (no extension, no sidebar, no
bibliography): the floor. Measured: full build (serial: the shorter of two clean builds, ours and the
floor's each; and -j auto), incremental rebuild after editing one paper (the median of three edits, each
a different text) and one bib entry (documents re-read and seconds) beside the floor's rebuild after the
same one-page edit (also the median of three), peak memory (ours and the floor's; ours also summed over
the build's process tree: Sphinx and any process it starts), output size, search index size,
`headsurvey check`, and what a reader downloads (benchmarks/reader.py): largest HTML page, explorer
first load, bytes per search query and the rank of the expected page.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import reader  # noqa: E402  (benchmarks/reader.py: what a reader's browser downloads)

from headsurvey.site import paths  # noqa: E402
from headsurvey.sources import SourceRecords  # noqa: E402

WORDS = ["the", "attention", "head", "circuit", "residual", "stream", "token", "layer", "model", "prompt", "copies", "query", "key", "value", "induction", "retrieval", "ablation", "patching", "logit", "context", "position", "name", "answer", "previous", "earlier", "later", "writes", "reads", "heads", "model's", "behaviour", "evidence", "shows", "suppresses", "moves", "signal"]
MEASURE = ("import resource, subprocess, sys, time; t = time.perf_counter(); r = subprocess.run(sys.argv[1:], "
           "capture_output=True, text=True); e = time.perf_counter() - t; "
           "print(e, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.stdout.write(r.stdout); "
           "sys.stderr.write(r.stderr); sys.exit(r.returncode)")


def prose(rng: random.Random, words: int) -> str:
    sentences, out = [], []
    for _ in range(words):
        out.append(rng.choice(WORDS))
        if len(out) >= 12 and rng.random() < 0.2:
            sentences.append(" ".join(out).capitalize() + ".")
            out = []
    sentences.append(" ".join(out or ["end"]).capitalize() + ".")
    return " ".join(sentences)


def make_corpus(dest: Path, papers: int, seed: int = 0) -> list[str]:
    """Real site minus its papers (and the alias table of their authors), plus ``papers`` synthetic papers; returns their keys."""
    rng = random.Random(seed)
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=shutil.ignore_patterns("papers", "authors.yaml"))
    (dest / "docs/papers").mkdir()
    shutil.copy(ROOT / "docs/papers/index.md", dest / "docs/papers/index.md")
    shutil.copy(ROOT / "conf.py", dest / "conf.py")
    (dest / "benchmarks").mkdir()
    shutil.copy(ROOT / "benchmarks/results.md", dest / "benchmarks/results.md")
    cat = SourceRecords.load(ROOT)
    heads, methods = sorted(cat.heads), sorted(cat.vocab.methods)
    keys = [f"author{i:05d}{2016 + i % 10}heads" for i in range(papers)]
    cited = rng.sample(keys, min(len(keys), 60))  # {paper} roles of real pages point at these instead
    bib = []
    by_head: dict[str, list[str]] = {}  # the synthetic papers declaring each head type: its key papers
    for i, key in enumerate(keys):
        year = 2016 + i % 10
        tagged = rng.sample(heads, 2)
        for slug in tagged:
            by_head.setdefault(slug, []).append(key)
        layer, head = rng.randrange(12), rng.randrange(12)
        (dest / "docs/papers" / f"{key}.md").write_text(
            f"---\ndate: {year}-{1 + i % 12:02d}-{1 + i % 28:02d}\nadded: 2026-11-21\n"
            f"heads: [{', '.join(tagged)}]\nmodels: [GPT-2 small]\nmethods: [{rng.choice(methods)}]\n"
            f"tasks: [synthetic task]\ninstances:\n  - {{model: GPT-2 small, layer: {layer}, head: {head}, "
            f"role: {tagged[0]}, evidence: [path-patching], source: synthetic}}\n---\n\n{prose(rng, 90)}\n\n"
            f"{prose(rng, 50)} It builds on {{paper}}`{rng.choice(cited)}` and studies the {{head}}`{tagged[0]}`.\n"
        )
        bib.append(f"@misc{{{key},\n  author = {{Author, Ann and Writer, Will and Scholar, Sam}},\n"
                   f"  title = {{Synthetic Study {i} of Attention Heads}},\n  year = {{{year}}},\n"
                   f"  eprint = {{{2001 + i % 800}.{i:05d}}},\n  archivePrefix = {{arXiv}},\n  primaryClass = {{cs.CL}},\n}}\n")
    # The survey itself stays: the cite page cites it with {cite:p} and shows its entry.
    shutil.copy(ROOT / "docs/papers/zheng2025attention.md", dest / "docs/papers/zheng2025attention.md")
    bib.append(cat.db.entries["zheng2025attention"].raw + "\n")
    (dest / "references.bib").write_text("\n".join(sorted(bib)))
    real_keys = set(cat.papers)
    for page in (p for p in (dest / "docs").rglob("*.md") if p.parent.name != "papers"):
        text = page.read_text()
        text = re.sub(r"\{paper\}`([^`]+)`", lambda m: f"{{paper}}`{rng.choice(cited)}`" if m.group(1) in real_keys else m.group(0), text)
        if page.parent.name == "heads":
            text = key_papers(text, by_head.get(page.stem, []), real_keys)
        page.write_text(text)
    return keys


def key_papers(text: str, declaring: list[str], real_keys: set[str]) -> str:
    """A head page's key papers moved to synthetic papers declaring the head type (dropped when
    too few declare it)."""
    out, picks, dropping = [], iter(declaring), False
    for line in text.splitlines(keepends=True):
        match = re.match(r"(\s*- paper: )(\S+)$", line)
        if match and match.group(2) in real_keys:
            pick = next(picks, None)
            dropping = pick is None
            line = match.group(1) + f"{pick}\n" if pick else ""
        elif dropping and line.startswith("    "):
            line = ""
        else:
            dropping = False
        out.append(line)
    return re.sub(r"^key_papers:\n(?!\s+-)", "key_papers: []\n", "".join(out), flags=re.M)


def make_floor(src: Path, dest: Path) -> None:
    """The same bodies for bare Sphinx + MyST: roles as text, generated blocks dropped, no sidebar."""
    for page in (src / "docs").rglob("*.md"):
        rel = page.relative_to(src / "docs")
        if rel.parts[0] == "_data":
            continue
        text = page.read_text()
        text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
        text = re.sub(r"\{(paper|head|term|doc)\}`([^`<]*?)(?:\s*<[^>]+>)?`", r"\2", text)
        text = re.sub(r"```\{(paper-index|head-index|stage-heads|method-papers|framework-diagram|head-graph|"
                      r"frontmatter-reference|bibliography|toctree|glossary|include|downloads|paper-explorer|chart|head-atlas|bibtex-entry|site-citation)\}.*?```", "", text, flags=re.S)
        text = re.sub(r"^:::+.*$|^::::+.*$", "", text, flags=re.M)
        if not text.lstrip().startswith("# "):
            text = f"# {page.stem}\n\n{text}"
        out = dest / "docs" / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("---\norphan: true\n---\n" + text if rel != Path("index.md") else text)
    (dest / "conf.py").write_text('extensions = ["myst_parser"]\nhtml_theme = "basic"\nhtml_sidebars = {"**": []}\n'
                                  'suppress_warnings = ["myst.xref_missing", "myst.header", "toc.not_included"]\n')


PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


def tree_rss_kib(root: int) -> int:
    """Resident memory (KiB) of a process and every process under it, summed, from /proc."""
    parents, rss = {}, {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(f"/proc/{entry.name}/stat").read_text()
                pages = int(Path(f"/proc/{entry.name}/statm").read_text().split()[1])
            except (OSError, ValueError, IndexError):
                continue  # ended meanwhile
            parents[int(entry.name)] = int(stat.rpartition(")")[2].split()[1])
            rss[int(entry.name)] = pages * PAGE_KIB

    def under(pid: int) -> bool:
        while pid > 1:
            if pid == root:
                return True
            pid = parents.get(pid, 0)
        return False
    return sum(kib for pid, kib in rss.items() if under(pid))


def build(src: Path, out: Path, jobs: str, strict: bool = True) -> tuple[float, int, str, int]:
    """(seconds, peak KiB of the largest process, stdout, peak KiB of the build's process tree
    summed, sampled every 0.1 s) of one sphinx-build run."""
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "--no-color", "-j", jobs, "-c", str(src), str(src / "docs"), str(out)]
    if strict:
        cmd[5:5] = ["-W", "--keep-going", "-n"]
    with tempfile.TemporaryFile("w+") as out_log, tempfile.TemporaryFile("w+") as err_log:
        with subprocess.Popen([sys.executable, "-c", MEASURE, *cmd], stdout=out_log, stderr=err_log, text=True) as run:
            tree = 0  # files, not pipes: a build's log would fill a pipe while the loop samples
            while run.poll() is None:
                tree = max(tree, tree_rss_kib(run.pid))
                time.sleep(0.1)
        out_log.seek(0), err_log.seek(0)
        stdout_text, stderr_text = out_log.read(), err_log.read()
    if run.returncode:
        sys.exit(f"build failed ({src}):\n{stderr_text[-3000:]}")
    first, _, stdout = stdout_text.partition("\n")
    seconds, peak = first.split()
    return float(seconds), int(peak), stdout, tree


def edits(src: Path, out: Path, page: Path, edit: Callable[[str, int], str], strict: bool = True, times: int = 3) -> tuple[float, int, int]:
    """(median seconds, most documents re-read, peak KiB of the process tree) of ``times`` serial rebuilds of
    ``out``, each after its own edit of ``page``: ``edit(original text, n)``, a different text each time."""
    original, runs = page.read_text(), []
    for n in range(1, times + 1):
        page.write_text(edit(original, n))
        seconds, _, stdout, tree = build(src, out, "1", strict=strict)
        runs.append((seconds, reread(stdout), tree))
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs), max(r[2] for r in runs)


def reread(stdout: str) -> int:
    match = re.search(r"(\d+) added, (\d+) changed, (\d+) removed", stdout)
    return sum(int(g) for g in match.groups()) if match else -1


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def search_index_size(out: Path) -> int:
    """Bytes of the search index: Sphinx's single file, or every file of the site's own index."""
    if (out / "searchindex.js").exists():
        return (out / "searchindex.js").stat().st_size
    return folder_size(out / paths.SEARCH_DIR)


def measure(size: int, work: Path) -> dict:
    src, floor_src = work / f"src{size}", work / f"floor{size}"
    keys = make_corpus(src, size)
    make_floor(src, floor_src)
    row: dict = {"papers": size}
    row["floor_s"], row["floor_peak_kib"], _, row["floor_tree_kib"] = build(floor_src, work / f"floor_out{size}", "1", strict=False)
    # Bare Sphinx's own one-page edit at the same size: the yardstick of both incremental edits.
    floor_page = floor_src / "docs/papers" / f"{keys[size // 2]}.md"
    row["floor_edit_s"], *_ = edits(floor_src, work / f"floor_out{size}", floor_page, lambda text, n: text + f"\nOne more sentence {n}.\n", strict=False)
    row["floor_nochange_s"], *_ = build(floor_src, work / f"floor_out{size}", "1", strict=False)
    row["full_s"], row["peak_kib"], _, row["tree_kib"] = build(src, work / f"out{size}", "1")
    row["parallel_s"], row["parallel_peak_kib"], _, row["parallel_tree_kib"] = build(src, work / f"par{size}", "auto")
    out = work / f"out{size}"
    row["nochange_s"], *_ = build(src, out, "1")  # the same sources again: nothing to do
    page = src / "docs/papers" / f"{keys[size // 2]}.md"
    row["edit_paper_s"], row["edit_paper_reread"], row["edit_tree_kib"] = edits(
        src, out, page, lambda text, n: text.replace("tasks: [synthetic task]", f"tasks: [edited task {n}]") + f"\nOne more sentence {n}.\n")
    bib = src / "references.bib"
    bib.write_text(bib.read_text().replace(f"title = {{Synthetic Study {size // 3} of", f"title = {{Edited Study {size // 3} of"))
    row["edit_bib_s"], _, stdout, _ = build(src, out, "1")
    row["edit_bib_reread"] = reread(stdout)
    sizes = [p.stat().st_size for p in (out / "papers").glob("author*.html")]
    row["paper_html_median"] = int(statistics.median(sizes))
    row["search_index"] = search_index_size(out)
    start = time.perf_counter()
    row.update(reader.measure(out, reader.queries(keys)))
    row["reader_s"] = time.perf_counter() - start
    row["output_total"] = folder_size(out)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "headsurvey.cli", "--root", str(src), "check"], check=True, capture_output=True)
    row["check_s"] = time.perf_counter() - start
    # A second clean build of each, one right after the other: the shorter of each one's two builds is
    # compared, so a slow minute of the machine during one build does not decide the ratio.
    floor_again, *_ = build(floor_src, work / f"floor_again{size}", "1", strict=False)
    again, peak, _, tree = build(src, work / f"again{size}", "1")
    row["floor_s"], row["full_s"] = min(row["floor_s"], floor_again), min(row["full_s"], again)
    row["peak_kib"], row["tree_kib"] = max(row["peak_kib"], peak), max(row["tree_kib"], tree)
    shutil.rmtree(src), shutil.rmtree(floor_src), shutil.rmtree(work / f"floor_again{size}"), shutil.rmtree(work / f"again{size}")
    return row


def table(rows: list[dict], command: str) -> str:
    base = rows[0]
    lines = [
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}. Reproduce with `{command}`.",
        "",
        "| papers | floor (s) | full build (s) | ÷ floor | -j auto (s) | floor: no change (s) | no change (s) | floor: edit one page (s) "
        "| edit paper: re-read / s | ÷ floor edit | edit bib entry: re-read / s | ÷ floor edit "
        "| floor peak memory (MiB) | peak memory (MiB) | peak, process tree summed: -j 1 / -j auto / edit (MiB) | paper page (KiB, median) | vs smallest | search index (KiB) | output (MiB) | check (s) "
        "| largest page (KiB) | pages over 500 KiB | explorer first load (KiB) | search query, max (KiB) | search page + query, cold, max (KiB) "
        "| expected result's rank, 5 queries |",
        "|" + "---|" * 26,
    ]
    for r in rows:
        lines.append(
            f"| {r['papers']} | {r['floor_s']:.1f} | {r['full_s']:.1f} | {r['full_s'] / r['floor_s']:.2f} | {r['parallel_s']:.1f} "
            f"| {r['floor_nochange_s']:.1f} | {r['nochange_s']:.1f} "
            f"| {r['floor_edit_s']:.1f} | {r['edit_paper_reread']} / {r['edit_paper_s']:.1f} | {r['edit_paper_s'] / r['floor_edit_s']:.2f} "
            f"| {r['edit_bib_reread']} / {r['edit_bib_s']:.1f} | {r['edit_bib_s'] / r['floor_edit_s']:.2f} "
            f"| {r['floor_peak_kib'] / 1024:.0f} | {max(r['peak_kib'], r['parallel_peak_kib']) / 1024:.0f} "
            f"| {r['tree_kib'] / 1024:.0f} / {r['parallel_tree_kib'] / 1024:.0f} / {r['edit_tree_kib'] / 1024:.0f} | {r['paper_html_median'] / 1024:.1f} "
            f"| {r['paper_html_median'] / base['paper_html_median'] - 1:+.1%} | {r['search_index'] / 1024:.0f} "
            f"| {r['output_total'] / 2**20:.1f} | {r['check_s']:.2f} | {r['largest_html'] / 1024:.0f} | {r['pages_over_budget']} "
            f"| {r['explorer_first_load'] / 1024:.0f} | {r['search_query_max'] / 1024:.0f} | {r['search_cold_max'] / 1024:.0f} "
            f"| {' '.join(str(n) if n else '–' for n in r['search_ranks'])} |"
        )
    lines.append("")
    lines.append("Largest pages: " + "; ".join(f"{r['papers']}: {r['largest_html_page']}" for r in rows) + ". Queries: "
                 "Induction Head, Name Mover Head, Retrieval Head and two synthetic paper titles (rank 1 = first result, "
                 "– = not in the results shown). Budgets at 10,000 papers: every page and the explorer's first load at most "
                 "500 KiB, a search query at most 500 KiB; full build and each edit at most 1.5× the floor's; peak memory at most 1 GiB.")
    for small, large in itertools.pairwise(rows):
        lines.append("")
        lines.append(f"t({large['papers']}) / t({small['papers']}) = {large['full_s'] / small['full_s']:.1f} "
                     f"(papers ×{large['papers'] / small['papers']:.0f}); floor ratio "
                     f"{large['floor_s'] / small['floor_s']:.1f}.")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--out", type=Path, help="write the results table (Markdown) here")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            rows.append(measure(size, Path(tmp)))
            print(rows[-1], flush=True)
    command = "python benchmarks/run.py --sizes " + " ".join(map(str, args.sizes))
    text = table(rows, command)
    print(text)
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
