"""Grow a copy of the site with synthetic papers and time its strict build.

    python benchmarks/synth.py --papers 1000 [--jobs auto]

Writes a copy of docs/, conf.py and references.bib to a temporary folder, adds N synthetic
paper pages (real format: front matter, summary, {head} and {paper} roles) with their bib
entries, builds it with the site's strict command and prints build time and page sizes.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from headsurvey.sources import Catalogue  # noqa: E402

WORDS = ("attention head circuit residual stream token layer model prompt copy query key value "
         "induction retrieval ablation patching logit context position name answer").split()


def make_corpus(dest: Path, papers: int, seed: int = 0) -> None:
    """Copy the site to ``dest`` and add ``papers`` synthetic paper pages and bib entries."""
    rng = random.Random(seed)
    shutil.copytree(ROOT / "docs", dest / "docs")
    shutil.copy(ROOT / "conf.py", dest / "conf.py")
    cat = Catalogue.load(ROOT)
    heads, models, methods = sorted(cat.heads), sorted(cat.vocab.models), sorted(cat.vocab.methods)
    real = sorted(cat.papers)
    bib = [(ROOT / "references.bib").read_text()]
    for i in range(papers):
        key = f"synthetic{i:05d}x"
        year = 2016 + i % 10
        tagged = rng.sample(heads, 2)
        body = " ".join(rng.choice(WORDS) for _ in range(140))
        (dest / "docs/papers" / f"{key}.md").write_text(
            f"---\ndate: {year}-{1 + i % 12:02d}-{1 + i % 28:02d}\nadded: 2026-11-21\n"
            f"heads: [{', '.join(tagged)}]\nmodels: [{rng.choice(models)}]\nmethods: [{rng.choice(methods)}]\n"
            f"tasks: [synthetic task]\n---\n\n{body.capitalize()}.\n\nIt extends {{paper}}`{rng.choice(real)}` "
            f"and studies the {{head}}`{tagged[0]}`.\n"
        )
        bib.append(f"\n@misc{{{key},\n  author = {{Author, Ann and Writer, Will}},\n  title = {{Synthetic Paper {i}}},\n"
                   f"  year = {{{year}}},\n  eprint = {{{2001 + i % 800}.{i:05d}}},\n  archivePrefix = {{arXiv}},\n}}\n")
    (dest / "references.bib").write_text("".join(bib))


def build(src: Path, out: Path, jobs: str) -> float:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-q", "-j", jobs,
                             "-c", str(src), str(src / "docs"), str(out)], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode:
        sys.exit(result.stderr[-3000:])
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=1000)
    parser.add_argument("--jobs", default="1")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "src", Path(tmp) / "out"
        make_corpus(src, args.papers)
        seconds = build(src, out, args.jobs)
        pages = sorted((out / "papers").glob("*.html"))
        sizes = [p.stat().st_size for p in pages if p.name != "index.html"]
        head_page = (out / "heads/induction-head.html").stat().st_size
        real_page = (out / "papers/wang2023interpretability.html").stat().st_size
        print(f"papers={len(sizes)} build_s={seconds:.1f} paper_html_median={statistics.median(sizes)} "
              f"paper_html_max={max(sizes)} ioi_page={real_page} head_page={head_page} papers_index={(out / 'papers/index.html').stat().st_size}")


if __name__ == "__main__":
    main()
