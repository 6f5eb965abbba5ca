"""The --render-in-browser variant is a property of one server, never of the bundled portal
the suite normally runs against: only the variant's pages link static/spa.js and leave
some form labels untied (mock_portal.http.render.UNLABELLED_IN_BROWSER). A normal page that
picked either up would quietly change what every other test proves."""

from __future__ import annotations

import re

import pytest

from harness.control import Control
from mock_portal.app import start_in_thread
from mock_portal.domain import application_form
from mock_portal.domain import questionnaire as q
from mock_portal.domain.passwords import FAST_COST
from mock_portal.http.render import UNLABELLED_IN_BROWSER
from mock_portal.policy import Policy

from .client import ENTRY, signed_in

SPA = re.compile(r"""<script[^>]+src=["']/static/spa\.js["']""")
NEW_APPLICATION = {q.HOLDER: q.HOLDER_NEVER, q.IN_TAIWAN: q.IN_TAIWAN_ANSWERS[0],
                   q.ENTRY_DOCUMENT: q.ENTRY_DOCUMENTS[0], q.ROC_NATIONALITY: q.NO, "declaration": "agree"}
KEY_OF = {f.label: f.key for f in application_form.FIELDS}


@pytest.fixture(scope="module")
def variant():
    running = start_in_thread(test_api=True, render_in_browser=True, policy=Policy(password_cost=FAST_COST))
    yield running
    running.stop()


def pages(url: str) -> dict[str, str]:
    """A public page, a signed-in one, an error page and STEP 13's form (as an applicant who
    never held a card gets it), by path ("form" for the form)."""
    control = Control(url)
    control.reset()
    browser = signed_in(control, url)
    shown = {path: browser.get(path).text for path in (ENTRY, "/home", "/no-such-page", "/goldcard/drafts")}
    reply = browser.post("/goldcard/apply/start", NEW_APPLICATION)
    assert reply.status == 303, reply.text[:300]
    return shown | {"form": browser.get(reply.header("Location")).text}


def test_the_bundled_portal_serves_no_page_script_for_in_browser_rendering(portal):
    shown = pages(portal.url)
    for name, html in shown.items():
        assert not SPA.search(html), f"{name} links static/spa.js outside --render-in-browser"
    for label, key in KEY_OF.items():
        assert f'<label for="f-{key}">{label}</label>' in shown["form"], f"「{label}」 lost its <label for>"


def test_the_variant_links_it_and_leaves_the_chosen_labels_untied(variant):
    shown = pages(variant.url)
    for name in (ENTRY, "/home", "form"):
        assert SPA.search(shown[name]), f"{name} does not link static/spa.js"
    for label, key in KEY_OF.items():
        tied = f'<label for="f-{key}">{label}</label>' in shown["form"]
        assert tied is (label not in UNLABELLED_IN_BROWSER), f"「{label}」: <label for> is {tied}"
        control = re.search(rf'<(input|select) id="f-{key}"[^>]*>', shown["form"]).group(0)
        assert "aria-label" not in control, f"「{label}」's control names itself: {control}"
    for label in UNLABELLED_IN_BROWSER:
        assert f'<div class="field-label">{label}</div>' in shown["form"], f"「{label}」's text is not beside it"
