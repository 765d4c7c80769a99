"""HTML of generated parts from Jinja2 templates (``headsurvey/templates/hs-part-*.html``), autoescaped."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

TEMPLATES = Path(__file__).parent.parent / "templates"


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True)


def render(template: str, **values: object) -> str:
    """The template ``hs-part-<template>.html`` filled with ``values`` (every value escaped unless marked safe)."""
    return _environment().get_template(f"hs-part-{template}.html").render(**values)
