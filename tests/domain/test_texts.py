"""The portal's sentences (mock_portal.texts): every code the domain decides has one, a
sentence never shows a placeholder, and the numbers in them are the policy's."""

from __future__ import annotations

import string
import urllib.request

import pytest

from mock_portal.app import start_in_thread
from mock_portal.domain import accounts, eligibility, login, passwords, questionnaire, uploads
from mock_portal.domain.passwords import FAST_COST
from mock_portal.domain.ui_number import PROBLEMS
from mock_portal.http.views.public import INTRO_PATH
from mock_portal.policy import Policy
from mock_portal.texts import TEXT, mb, policy_words, say, ui_number_problem, zh_count

CODES = [e.value for enum in (login.Refusal, passwords.PasswordProblem, accounts.RegistrationProblem,
                              eligibility.Verdict, questionnaire.Stop) for e in enum]
FORM_CODES = ["required", "date-format", "date-future", "email-cn", "invalid-choice", "too-long", "ui-number",
              "passport-dates", "arch-all", "document-missing", "email-format"]
UPLOAD_CODES = ["upload-" + p.value for p in uploads.UploadProblem]


def placeholders(code: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(TEXT[code]) if name}


@pytest.mark.parametrize("code", CODES + FORM_CODES + UPLOAD_CODES)
def test_every_code_the_portal_decides_has_a_sentence(code):
    assert code in TEXT


@pytest.mark.parametrize("code", sorted(TEXT))
def test_a_sentence_with_all_its_values_has_no_placeholder_left(code):
    said = say(code, **{name: "X" for name in placeholders(code)})
    assert "{" not in said and "}" not in said


def test_a_missing_value_or_an_unknown_code_raises_instead_of_showing_braces():
    with pytest.raises(KeyError, match="months"):
        say("holder-valid")
    with pytest.raises(KeyError):
        say("no-such-code")


@pytest.mark.parametrize(("n", "words"), [(1, "一"), (4, "四"), (5, "五"), (10, "十"), (12, "十二"), (20, "二十"),
                                          (24, "二十四"), (99, "九十九")])
def test_zh_count(n, words):
    assert zh_count(n) == words


@pytest.mark.parametrize("n", [0, 100, -4])
def test_zh_count_refuses_what_it_cannot_write(n):
    with pytest.raises(ValueError):
        zh_count(n)


@pytest.mark.parametrize(("size", "words"), [(2 * 1024 * 1024, "2"), (3 * 1024 * 1024, "3"), (2621440, "2.5")])
def test_mb(size, words):
    assert mb(size) == words


def test_policy_words_follow_the_policy():
    assert policy_words(Policy()) == {"months": "四", "limit_mb": "2"}
    assert policy_words(Policy(extension_window_months=5, upload_limit=3 * 1024 * 1024)) == \
        {"months": "五", "limit_mb": "3"}


@pytest.mark.parametrize(("months", "said"), [(4, "屆滿前四個月內"), (5, "屆滿前五個月內")])
def test_the_intro_states_the_window_the_portal_enforces(months, said):
    """R-EXTEND-WINDOW: STEP 3's introduction renders the window from the policy."""
    running = start_in_thread(policy=Policy(extension_window_months=months, password_cost=FAST_COST))
    try:
        with urllib.request.urlopen(running.url + INTRO_PATH, timeout=10) as reply:
            html = reply.read().decode()
    finally:
        running.stop()
    assert said in html


def test_every_ui_number_problem_has_its_own_words():
    words = [ui_number_problem(code) for code in PROBLEMS]
    assert len(set(words)) == len(PROBLEMS) and all("統一證號" in w for w in words)
    assert "檢查碼" in ui_number_problem("check-digit") and "8 或 9" in ui_number_problem("second-char")
    assert "統一證號" in ui_number_problem("nonsense") and "統一證號" in ui_number_problem(None)
