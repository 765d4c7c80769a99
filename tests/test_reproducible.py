"""Reproducible builds: two clean builds give the same bytes, and Read the Docs' steps give the
same site as `make html`'s command."""

from __future__ import annotations

import filecmp
import subprocess

import pytest

from .conftest import ROOT, check_jsonschema, mini_site, sphinx_build, sphinx_process


def tree_differences(one, two, ignore: tuple[str, ...] = ()) -> list[str]:
    """Files that differ between two output folders (build caches excluded)."""
    diffs = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        diffs.extend(f"{prefix}{name}" for name in cmp.left_only + cmp.right_only + cmp.diff_files)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(one, two, ignore=[".doctrees", *ignore]), "")
    return diffs


def test_readthedocs_config_validates_against_the_published_schema():
    result = check_jsonschema("--builtin-schema", "vendor.readthedocs", str(ROOT / ".readthedocs.yaml"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_broken_readthedocs_config_fails_validation(tmp_path):
    broken = tmp_path / ".readthedocs.yaml"
    broken.write_text((ROOT / ".readthedocs.yaml").read_text().replace("version: 2", "version: 7"))
    result = check_jsonschema("--builtin-schema", "vendor.readthedocs", str(broken))
    assert result.returncode != 0


@pytest.mark.slow
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
    for step in config["python"]["install"]:  # without byte-compiling: the same files, less CPU
        if "requirements" in step:
            cmd = [str(python), "-m", "pip", "install", "-q", "--no-compile", "-r", step["requirements"]]
        else:
            cmd = [str(python), "-m", "pip", "install", "-q", "--no-compile", step["path"]]
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


@pytest.mark.slow
def test_two_clean_builds_are_byte_identical(site, tmp_path):
    again = tmp_path / "again"
    result = sphinx_process(ROOT, again, "-j", "1")
    assert result.returncode == 0, result.stderr
    filecmp.clear_cache()
    assert tree_differences(site.out, again) == []
    (again / "search-index/meta.json").write_text((again / "search-index/meta.json").read_text() + " ")
    filecmp.clear_cache()
    assert tree_differences(site.out, again) == ["search-index/meta.json"]
