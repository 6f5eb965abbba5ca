"""Jinja2 templates with autoescaping on and missing variables failing loudly.

The environment also carries how the portal's screens are delivered, because every page
(error pages too) and the form's macro read it: `render_in_browser` adds static/spa.js,
which moves between screens without page loads, and `unlabelled` names the form fields
whose label is text beside the control instead of a <label for>. Both are what the real
platform's front end does (the `--render-in-browser` variant, see mock_portal.app)."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .. import texts
from ..domain import application_form, catalog, questionnaire

# STEP 13 fields whose label the variant renders as a bare <div> beside the control, with
# no accessible name (no <label for>, aria-label or aria-labelledby): the one place to choose them.
UNLABELLED_IN_BROWSER = frozenset({"護照號碼", "行動電話"})


def make_environment(*, render_in_browser: bool = False) -> Environment:
    env = Environment(
        loader=PackageLoader("mock_portal", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(text=texts.TEXT, catalog=catalog, form=application_form, q=questionnaire,
                       render_in_browser=render_in_browser,
                       unlabelled=UNLABELLED_IN_BROWSER if render_in_browser else frozenset())
    env.filters.update(mb=texts.mb, zh_count=texts.zh_count)   # a rule's number as the sentences write it
    return env
