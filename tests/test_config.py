"""The extension's settings are checked when the configuration is read: a bad value stops the
build at once with one line naming it and the fix, never a traceback."""

from __future__ import annotations

import pytest

from .conftest import ROOT, sphinx_build


@pytest.mark.parametrize(("override", "named"), [
    ("headsurvey_list_size=0", "headsurvey_list_size = 0: expected a whole number of at least 1"),
    ("headsurvey_list_size=-3", "headsurvey_list_size = -3"),
    ("headsurvey_bibfile=missing.bib", "headsurvey_bibfile = 'missing.bib': expected the path of the BibTeX database"),
    ("html_baseurl=ftp://example.org/", "html_baseurl = 'ftp://example.org/': expected the site's absolute address"),
    ("html_baseurl=https://example.org/docs", "ending in '/'"),
])
def test_bad_setting_stops_the_build_with_its_name(tmp_path, override, named):
    result = sphinx_build(ROOT, tmp_path / "out", "-D", override)
    log = result.stdout + result.stderr
    assert result.returncode == 2, log
    assert named in log
    assert "Traceback" not in log and "report this error" not in log

