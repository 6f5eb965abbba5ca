"""Who is applying: a Faker applicant of one eligibility class (STEP 10), with the account
to log in with and, where the story needs one, the card the portal knows, from whichever
target the suite runs on (harness/provisioning.py)."""

from __future__ import annotations

from pytest_bdd import given, parsers

from harness.provisioning import NotProvisioned
from harness.target_plugin import skip_unprovisioned

from .navigation import ROLES
from .registering import register_through_the_portal

KINDS = {
    "已有帳號": "with_account",
    "就業金卡已過期": "expired_card",
    "就業金卡仍有效且在屆期前四個月內": "valid_in_extension_window",
    "就業金卡仍有效且距屆期超過四個月": "valid_too_early",
    "查無就業金卡紀錄": "no_card",
    "輸入錯誤出生日期": "wrong_birth_date",
    "統一證號格式錯誤": "malformed_ui_number",
    "具中華民國國籍且在臺設有戶籍": "household_registered",
    "具中華民國國籍且在臺設有戶籍但已辦理遷出": "household_moved_out",
    "具中華民國國籍但在臺沒有戶籍": "roc_national_without_household",
}


def provide(request, provisioner, kind: str, **options):
    """The provisioner's applicant, or a skip naming what the target's profile lacks. A
    scenario tagged @needs-fresh-account on a profile target registers its account first."""
    fresh = request.node.get_closest_marker("needs-fresh-account") is not None
    target = request.getfixturevalue("target")
    try:
        applicant = provisioner.applicant(kind, fresh_account=fresh, **options)
    except NotProvisioned as missing:
        skip_unprovisioned(request, str(missing))
    if fresh and not target.bundled:
        register_through_the_portal(request.getfixturevalue("page"), target, request.getfixturevalue("mailbox"),
                                    applicant)
    return applicant


@given(parsers.parse("我是一位{kind}的申請人"), target_fixture="applicant")
def _(request, provisioner, kind):
    assert kind in KINDS, f"unknown applicant kind 「{kind}」; known: {'、'.join(KINDS)}"
    return provide(request, provisioner, KINDS[kind])


@given(parsers.parse("我是一位以「{role}」註冊的申請人"), target_fixture="applicant")
def _(request, provisioner, role):
    return provide(request, provisioner, "with_account", role=ROLES[role])


@given("我是一位前次文件齊全、就業金卡已過期的申請人", target_fixture="applicant")
def _(request, provisioner):
    """R-CARRY-DOCS: the card's documents are on file with the portal."""
    return provide(request, provisioner, "expired_card", carried_documents=True)
