"""Jinja2 templates with autoescaping on and missing variables failing loudly."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .. import texts
from ..domain import application_form, catalog, questionnaire


def make_environment() -> Environment:
    env = Environment(
        loader=PackageLoader("mock_portal", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(text=texts.TEXT, catalog=catalog, form=application_form, q=questionnaire)
    return env
