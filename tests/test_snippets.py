"""The atlas's generated TransformerLens and nnsight snippets run against random models of GPT-2 small's
shape, in the libraries' own virtualenv (`make check-snippets`, which installs it once)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_snippets_select_the_heads_in_both_libraries() -> None:
    done = subprocess.run(["make", "--no-print-directory", "check-snippets"], cwd=ROOT, capture_output=True, text=True,
                          timeout=1800)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert "ok: TransformerLens and nnsight snippets select 3 heads of a 12×12 model" in done.stdout
