"""``headsurvey from-issue``: turn an issue opened with a form into the change it asks for.

An "Add a paper" issue becomes the paper's entry and page, written by ``headsurvey add``'s own
code; a "Correction" issue changes one field where that is mechanical (:mod:`.correct`) and
says what a maintainer must do otherwise. Problems are the checker's, located in the files as
they would be written, or in the issue's body (``issue:LINE``) when the answer itself is wrong.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..sources.problems import Problem
from ..sources.vocab import SITE_URL, vocabulary_url
from . import add as addcmd
from . import correct, issueform, remote
from .report import markdown_block, print_plan, print_problems
from .scaffold import split_list

SHOWN = "issue"  # problems with the answers themselves are located at lines of the body
INSTANCE_PARTS = ("model", "layer", "head", "role", "evidence", "source")
#: Exit status when the issue asks for a change a maintainer must make by hand.
BY_HAND = 3


@dataclass
class Result:
    """What an issue asks for: the files (path, content), notes, problems or work left to a maintainer."""

    form: str
    plan: list[tuple[Path, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    by_hand: str | None = None


def _problem(line: int, text: str) -> Problem:
    """A problem with an answer, from a 'problem — fix' message."""
    message, _, fix = text.partition(" — ")
    return Problem(SHOWN, line, message, fix or "correct the answer in the issue")


def instances(answer: issueform.Answer) -> tuple[list[dict], list[Problem]]:
    """The ``instances`` answer, one head per line: 'model, layer, head, role, evidence, source'
    (several evidence slugs joined by ';') or a YAML mapping '{model: …, layer: …, …}'."""
    found, problems = [], []
    for n, line in enumerate((answer.value or "").splitlines()):
        text = line.strip().removeprefix("- ").strip()
        if not text:
            continue
        where = answer.line + n
        if text.startswith("{"):
            try:
                item = yaml.safe_load(text)
            except yaml.YAMLError:
                item = None
            if not isinstance(item, dict):
                problems.append(Problem(SHOWN, where, "this instance is not a YAML mapping", "write {model: …, layer: …, head: …, role: …, evidence: […], source: …}"))
                continue
            found.append(item)
            continue
        parts = [part.strip() for part in text.split(",", len(INSTANCE_PARTS) - 1)]
        if len(parts) != len(INSTANCE_PARTS):
            problems.append(Problem(SHOWN, where, f"{len(parts)} values where an instance has {len(INSTANCE_PARTS)}",
                                    "write: " + ", ".join(INSTANCE_PARTS) + " (e.g. GPT-2 small, 9, 9, name-mover-head, path-patching, paper Table 2)"))
            continue
        item = dict(zip(INSTANCE_PARTS, parts, strict=True))
        for name in ("layer", "head"):
            if re.fullmatch(r"\d+", item[name]):
                item[name] = int(item[name])
        item["evidence"] = [slug.strip() for slug in item["evidence"].split(";") if slug.strip()]
        found.append(item)
    return found, problems


def paper(root: Path, form: issueform.Form, body: str, fetch: remote.Fetch | None, dry_run: bool) -> Result:
    """An add-a-paper issue: the entry and the page, as ``headsurvey add`` writes them."""
    got = issueform.answers(form, body)
    result = Result(form.name)

    def value(name: str) -> str | None:
        return got[name].value if name in got else None

    for item in form.fields:
        if item.required and item.id != "summary" and value(item.id) is None:
            result.problems.append(Problem(SHOWN, issueform.heading_line(form, body, item.id), f"'{item.label}' is empty",
                                           "answer it in the issue"))
    bibtex, source = value("bibtex"), value("source")
    if bibtex is None and source is None:
        result.problems.append(Problem(SHOWN, issueform.heading_line(form, body, "bibtex"), "neither a BibTeX entry nor an arXiv id or DOI",
                                       "paste the BibTeX entry, or give the arXiv id or DOI"))
    found, bad = instances(got["instances"]) if "instances" in got else ([], [])
    result.problems += bad
    if result.problems:
        return result
    if bibtex is not None and source is not None:
        result.notes.append(f"read the pasted BibTeX entry; the identifier {source} was not looked up")
    heads, models, methods, tasks = (tuple(split_list(value(name))) for name in ("heads", "models", "methods", "tasks"))
    request = addcmd.Request("-" if bibtex is not None else source, value("key"), value("date"), heads, models, methods,
                             tasks, value("code"), value("models_note"), tuple(found), value("summary") or "")
    stdin = "\n" * (got["bibtex"].line - 1) + bibtex if bibtex is not None else ""
    try:
        result.plan, notes = addcmd.add(root, request, fetch, stdin, dry_run=dry_run, shown=SHOWN, whole=True)
    except addcmd.AddError as exc:
        where = exc.field if exc.field in got else ("bibtex" if bibtex is not None else "source")
        result.problems += exc.problems or [_problem(issueform.heading_line(form, body, where), str(exc))]
        return result
    result.notes += notes
    return result


def correction(root: Path, form: issueform.Form, body: str, fetch: remote.Fetch | None, dry_run: bool) -> Result:
    """A correction issue: the change where it is mechanical, else what a maintainer must do
    (``fetch`` is not used: a correction is read from the issue alone)."""
    got = issueform.answers(form, body)
    result = Result(form.name)
    empty = [item for item in form.fields if item.required and got[item.id].value is None]
    if empty:
        result.problems = [Problem(SHOWN, issueform.heading_line(form, body, item.id), f"'{item.label}' is empty",
                                   "answer it in the issue") for item in empty]
        return result
    key, name, new, source = (str(got[item].value) for item in ("key", "field", "value", "source"))  # required
    outcome = correct.apply(root, key.strip(), name, new, source, SHOWN, got["key"].line)
    result.notes, result.problems, result.by_hand = outcome.notes, outcome.problems, outcome.by_hand
    result.plan = outcome.plan
    if not dry_run and not outcome.problems and outcome.by_hand is None:
        correct.write(outcome)
    return result


#: What each form's issues become, by the form file's stem.
HANDLERS = {"add-paper": paper, "correction": correction}


def run(root: Path, body: str, dry_run: bool = False, fetch: remote.Fetch | None = None) -> Result:
    """Recognise the issue's form and carry out what it asks (nothing written with ``dry_run``)."""
    try:
        forms = issueform.load_forms(root)
    except issueform.FormError as exc:
        return Result("", problems=[Problem(SHOWN, 1, str(exc), "fix the issue form")])
    if not set(forms) & set(HANDLERS):
        return Result("", problems=[Problem(SHOWN, 1, f"no issue form {', '.join(sorted(HANDLERS))} in {issueform.FORMS_DIR}",
                                            "run from-issue at the repository's root (or give --root)")])
    form = issueform.recognise({k: v for k, v in forms.items() if k in HANDLERS}, body)
    if form is None:
        return Result("", problems=[Problem(SHOWN, 1, "the issue answers none of the forms " + ", ".join(sorted(HANDLERS)),
                                            "open the issue with one of the forms (its '### label' headings are read)")])
    return HANDLERS[form.name](root, form, body, fetch, dry_run)


def comment(result: Result) -> str:
    """A comment for the issue (Markdown): the problems or the maintainer's task; answers stay literal."""
    links = (f"Allowed names of heads, models, methods and venues: {vocabulary_url()}; "
             f"the guide: {SITE_URL}contributing.html")
    if result.problems:
        text = "\n".join(map(str, result.problems))
        return (f"`headsurvey from-issue` found {len(result.problems)} problem(s); nothing was proposed. "
                f"Lines `issue:N` are lines of this issue's text; edit the issue to fix them and the check runs again.\n\n"
                f"{markdown_block(text)}\n\n{links}\n")
    if result.by_hand:
        return f"This correction needs a maintainer:\n\n{markdown_block(result.by_hand)}\n"
    return ""


def status(result: Result) -> int:
    """0: the change is ready; 1: problems; :data:`BY_HAND`: a maintainer must make it."""
    return 1 if result.problems else BY_HAND if result.by_hand else 0


def command(root: Path, file: str, fmt: str, dry_run: bool) -> int:
    """``headsurvey from-issue FILE``: carry out the issue whose body is in FILE ('-': standard input)."""
    body = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    result = run(root, body, dry_run)
    if fmt == "markdown":
        print(comment(result))
        return status(result)
    tail = f"{len(result.problems)} problem(s) in the issue ({result.form or 'no form'})"
    if fmt == "json":
        ready = not result.problems and not result.by_hand
        files = [path.relative_to(root).as_posix() for path, _ in result.plan] if ready else []
        print_problems(result.problems, "json", tail, {"form": result.form, "notes": result.notes, "by_hand": result.by_hand,
                                                      "dry_run": dry_run, "files": files})
        return status(result)
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr if fmt == "github" else sys.stdout)
    if result.problems:
        print_problems(result.problems, fmt, tail, title="headsurvey from-issue")
    elif result.by_hand:
        print(f"maintainer: {result.by_hand}")
    else:
        print_plan(root, result.plan, dry_run)
        if dry_run:
            print("dry run: nothing written")
    return status(result)
