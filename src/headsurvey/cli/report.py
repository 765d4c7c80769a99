"""Problems printed for people (``file:line: problem — fix``), bots (JSON) and GitHub (annotations)."""

from __future__ import annotations

import difflib
import json
import re
import sys
from pathlib import Path

from ..sources.problems import Problem

FORMATS = ("text", "json", "github")


def _escape(text: str, prop: bool = False) -> str:
    """GitHub's workflow-command escaping: % CR LF always, ':' and ',' in properties."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def github_annotation(problem: Problem, title: str = "headsurvey check") -> str:
    """An ``::error`` workflow command: GitHub shows it on the file's line in the pull request."""
    props = f"file={_escape(problem.path, True)},line={problem.line},title={_escape(title + ': ' + problem.message, True)}"
    return f"::error {props}::{_escape(f'{problem.message} — {problem.fix}')}"


def print_problems(problems: list[Problem], fmt: str, tail: str, extra: dict | None = None, title: str = "headsurvey check") -> None:
    """Print ``problems`` in ``fmt``; ``tail`` is the closing count line (standard error), ``extra``
    the other keys of the JSON report."""
    if fmt == "json":
        print(json.dumps({"problems": [p.as_dict() for p in problems], **(extra or {})}, indent=2))
        return
    for problem in problems:
        print(github_annotation(problem, title) if fmt == "github" else problem)
    print(tail, file=sys.stderr)


def markdown_block(text: str) -> str:
    """``text`` in a Markdown code fence longer than any run of backticks inside it: untrusted text
    (an issue's answers echoed in a problem) stays literal in a comment."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def print_plan(root: Path, plan: list[tuple[Path, str]], dry_run: bool) -> None:
    """The files written, or in a dry run what would be written: a unified diff of each file
    against its current content (a new file against nothing)."""
    for path, content in plan:
        shown = path.relative_to(root).as_posix()
        if not dry_run:
            print(f"wrote {shown}")
            continue
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        diff = difflib.unified_diff(old.splitlines(keepends=True), content.splitlines(keepends=True),
                                    f"a/{shown}" if old else "/dev/null", f"b/{shown}")
        print(f"would write {shown}:")
        sys.stdout.writelines(line if line.endswith("\n") else line + "\n" for line in diff)
