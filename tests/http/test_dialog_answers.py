"""The 「新增申請人」 dialog asks the server about its answers as they are given
(POST /goldcard/answers), so the page holds no rule: these check what it is told."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from mock_portal.domain import questionnaire as q

from .client import FORM, signed_in

FOREIGNER = {q.HOLDER: q.HOLDER_NEVER, q.IN_TAIWAN: q.IN_TAIWAN_ANSWERS[1], q.ROC_NATIONALITY: q.NO}
REGISTERED = {**FOREIGNER, q.ROC_NATIONALITY: q.YES, q.HOUSEHOLD: q.YES}


def ask(browser, answers: dict[str, str], csrf: str | None = None):
    headers = {"Content-Type": FORM, "X-CSRF-Token": browser.csrf if csrf is None else csrf}
    return browser.request("POST", "/goldcard/answers", urlencode(answers).encode(), headers)


@pytest.mark.parametrize(("answers", "stop", "says"), [
    (FOREIGNER, None, ""),
    ({q.HOLDER: q.HOLDER_NEVER}, "missing", ""),                              # not finished: no message yet
    ({q.HOLDER: q.HOLDER_VALID}, "holder-valid", "延期申請"),                  # said before the rest is asked
    ({q.HOLDER: q.HOLDER_EXPIRED, q.HAS_UI_NUMBER: q.NO}, "ui-number-needed", "統一證號"),
    ({**REGISTERED, q.MOVED_OUT: q.NO}, "household", "不適用本申請"),          # R-HOUSEHOLD
    ({**REGISTERED, q.MOVED_OUT: q.YES}, None, ""),
    ({**FOREIGNER, q.ROC_NATIONALITY: "也許"}, "invalid", "選項"),
])
def test_the_server_judges_the_answers_so_far(portal, control, answers, stop, says):
    browser = signed_in(control, portal.url)
    reply = ask(browser, answers)
    assert reply.status == 200
    verdict = json.loads(reply.text)
    assert verdict["stop"] == stop
    assert says in verdict["message"] and bool(verdict["message"]) == bool(says)


def test_asking_needs_the_csrf_header(portal, control):
    browser = signed_in(control, portal.url)
    assert ask(browser, FOREIGNER, csrf="forged").status == 403
