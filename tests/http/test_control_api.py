"""The control API under /__test__/ (spec: "The control API"), spoken as plain HTTP: what
each call does, what it refuses and how, and that a portal without --test-api hides it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from mock_portal.clock import TAIPEI
from mock_portal.domain import catalog

from .client import (
    ENTRY,
    PASSWORD,
    Browser,
    api,
    captcha_glyphs,
    new_account,
    raw_request,
    send_raw,
    start_portal,
)

FIELDS = ("科技", "經濟", "教育", "文化、藝術", "體育", "金融", "法律", "建築設計", "國防", "數位")
ROLES = ["foreigner", "employer", "agency"]
UI_NUMBER = "A800013146"            # the guide's own example
CARD = {"ui_number": UI_NUMBER, "birth_date": "1980-01-31", "valid_from": "2021-01-01",
        "valid_until": "2024-01-01", "field": "科技"}
CONTROL_PATHS = ("/__test__/reset", "/__test__/accounts", "/__test__/cards", "/__test__/categories",
                 "/__test__/clock", "/__test__/captcha", "/__test__/mail?to=a@example.com", "/__test__/sessions",
                 "/__test__/nothing")
ALICE = {"account": "alice", "password": PASSWORD, "email": "a@example.com"}


def close_to(moment: datetime, expected: datetime, seconds: float = 60) -> bool:
    return abs((moment - expected).total_seconds()) < seconds


# reset ---------------------------------------------------------------------------------
def test_reset_empties_accounts_and_puts_the_clock_back(portal, control):
    new_account(control, "alice")
    control.advance(5 * 86400)
    assert portal.portal.store.account("alice") is not None

    status, answer = api(portal.url, "POST", "/__test__/reset")

    assert status == 200
    assert portal.portal.store.account("alice") is None
    real_now = datetime.now(TAIPEI)
    assert close_to(datetime.fromisoformat(answer["now"]), real_now)
    assert close_to(control.now(), real_now)


# accounts --------------------------------------------------------------------------
def test_one_account_is_created_verified_by_default(portal, control):
    status, answer = api(portal.url, "POST", "/__test__/accounts",
                         {**ALICE, "email": "alice@example.com"})
    assert (status, answer) == (201, {"created": 1})
    stored = portal.portal.store.account("alice")
    assert stored.verified is True and stored.role == "foreigner"
    assert close_to(stored.password_changed_at, control.now())


def test_a_list_of_accounts_is_created_with_their_roles(portal, control):
    accounts = [{"account": f"user{i}", "password": PASSWORD, "email": f"u{i}@example.com", "role": role,
                 "verified": i != 1} for i, role in enumerate(ROLES)]
    status, answer = api(portal.url, "POST", "/__test__/accounts", accounts)
    assert (status, answer) == (201, {"created": 3})
    stored = [portal.portal.store.account(f"user{i}") for i in range(3)]
    assert [a.role for a in stored] == ROLES
    assert [a.verified for a in stored] == [True, False, True]


def test_an_unknown_role_is_refused_listing_the_accepted_roles(portal, control):
    status, answer = api(portal.url, "POST", "/__test__/accounts", {**ALICE, "role": "admin"})
    assert status == 400
    assert "admin" in answer["error"]
    assert sorted(answer["accepted"]) == sorted(ROLES)
    assert portal.portal.store.account("alice") is None


@pytest.mark.parametrize("body", [
    {"password": PASSWORD, "email": "a@example.com"},                                  # no account
    {"account": "alice", "password": PASSWORD, "email": "a@example.com", "verified": "yes"},
    {"account": "alice", "password": PASSWORD, "email": "a@example.com", "password_changed_at": "soon"},
    [],
    [1, 2],
    "alice",
])
def test_a_malformed_account_is_refused(portal, control, body):
    status, answer = api(portal.url, "POST", "/__test__/accounts", body)
    assert status == 400 and answer["error"]


def test_a_password_date_without_offset_does_not_break_login(portal, control):
    status, _ = api(portal.url, "POST", "/__test__/accounts",
                    {**ALICE, "password_changed_at": "2020-01-01T09:00:00"})
    if status == 201:
        browser = Browser(portal.url)
        assert browser.log_in(control, "alice").status == 303
        assert browser.get("/home").status in (200, 303)
    else:
        assert status == 400


# cards and categories ------------------------------------------------------------------
def test_cards_are_created_one_or_many_with_the_first_category_by_default(portal, control):
    status, answer = api(portal.url, "POST", "/__test__/cards", CARD)
    assert (status, answer) == (201, {"created": 1})
    second = {**CARD, "valid_from": "2024-02-01", "valid_until": "2026-02-01", "documents": ["x"]}
    third = {**CARD, "ui_number": "a800013146", "valid_from": "2018-01-01", "valid_until": "2020-12-31"}
    status, answer = api(portal.url, "POST", "/__test__/cards", [second, third])
    assert (status, answer) == (201, {"created": 2})
    cards = portal.portal.store.cards(UI_NUMBER)                        # the number is kept in capitals
    assert sorted(c.valid_from.year for c in cards) == [2018, 2021, 2024]
    assert {c.category for c in cards} == {catalog.categories_of("科技")[0].name}
    assert {c.documents for c in cards} == {(), ("x",)}


def test_an_unknown_field_is_refused_listing_the_fields(portal, control):
    status, answer = api(portal.url, "POST", "/__test__/cards", {**CARD, "field": "魔法"})
    assert status == 400 and "魔法" in answer["error"]
    assert set(answer["accepted"]) == set(FIELDS)
    assert portal.portal.store.cards(UI_NUMBER) == {}


@pytest.mark.parametrize("path", ["/__test__/cards", "/__test__/categories"])
def test_an_unknown_category_is_refused_listing_the_fields_categories(portal, control, path):
    body = {**CARD, "category": "不存在的資格", "rules_changed_on": "2024-01-01"}
    status, answer = api(portal.url, "POST", path, body)
    assert status == 400 and "不存在的資格" in answer["error"]
    assert answer["accepted"] == [c.name for c in catalog.categories_of("科技")]


@pytest.mark.parametrize("change", [
    {"birth_date": "31/01/1980"}, {"valid_until": ""}, {"valid_until": "2020-01-01"},   # before valid_from
    {"documents": "護照"}, {"ui_number": 12}, {"field": None},
])
def test_a_malformed_card_is_refused(portal, control, change):
    status, answer = api(portal.url, "POST", "/__test__/cards", {**CARD, **change})
    assert status == 400 and answer["error"]


def test_a_category_rule_change_is_recorded(portal, control):
    category = catalog.categories_of("建築設計")[-1].name
    status, answer = api(portal.url, "POST", "/__test__/categories",
                         {"field": "建築設計", "category": category, "rules_changed_on": "2025-03-01"})
    assert (status, answer) == (200, {"ok": True})
    assert portal.portal.store.rules_changed_on("建築設計", category) == date(2025, 3, 1)


@pytest.mark.parametrize("body", [[{"field": "科技"}], {"field": "科技", "rules_changed_on": "March"}, {}])
def test_a_malformed_category_change_is_refused(portal, control, body):
    status, answer = api(portal.url, "POST", "/__test__/categories", body)
    assert status == 400 and answer["error"]


# clock -----------------------------------------------------------------------------------
def test_the_clock_reads_now_in_taipei(portal, control):
    status, answer = api(portal.url, "GET", "/__test__/clock")
    now = datetime.fromisoformat(answer["now"])
    assert status == 200 and now.utcoffset() == timedelta(hours=8)
    assert close_to(now, datetime.now(TAIPEI))


def test_the_clock_advances_by_seconds(portal, control):
    before = control.now()
    status, answer = api(portal.url, "POST", "/__test__/clock", {"advance_seconds": 31 * 60})
    assert status == 200
    assert close_to(datetime.fromisoformat(answer["now"]), before + timedelta(minutes=31), 10)
    assert close_to(control.now(), before + timedelta(minutes=31), 10)


def test_the_clock_is_set_to_a_moment(portal, control):
    moment = datetime(2026, 1, 31, 23, 59, 30, tzinfo=TAIPEI)
    status, answer = api(portal.url, "POST", "/__test__/clock", {"now": "2026-01-31T15:59:30+00:00"})
    assert status == 200
    assert close_to(datetime.fromisoformat(answer["now"]), moment, 5)
    assert close_to(control.now(), moment, 5)


@pytest.mark.parametrize("raw", [
    b"not json", b'{"advance_seconds": ', b"\xff\xfe", b"[1, 2]", b"{}", b'{"advance_seconds": "60"}',
    b'{"advance_seconds": true}', b'{"advance_seconds": 1e300}', b'{"now": "tomorrow"}', b'{"now": 20260131}',
])
def test_a_malformed_clock_move_gets_400_with_an_error(portal, control, raw):
    before = control.now()
    status, answer = api(portal.url, "POST", "/__test__/clock", raw=raw)
    assert status == 400 and isinstance(answer["error"], str) and answer["error"]
    assert close_to(control.now(), before, 10)


def test_a_nan_clock_move_is_refused(portal, control):
    status, answer = api(portal.url, "POST", "/__test__/clock", raw=b'{"advance_seconds": NaN}')
    assert status == 400 and answer["error"]


def test_a_clock_moment_out_of_range_is_refused(portal, control):
    status, _ = api(portal.url, "POST", "/__test__/clock", {"now": "9999-12-31T23:59:59-12:00"})
    try:
        assert status == 400
        assert send_raw(portal.url, raw_request("GET", "/__test__/clock")).status == 200
    finally:
        control.reset()


# captcha -----------------------------------------------------------------------------
def test_the_captcha_needs_a_portal_session(portal, control):
    status, answer = api(portal.url, "GET", "/__test__/captcha")
    assert status == 404 and answer["error"]
    status, answer = api(portal.url, "GET", "/__test__/captcha", cookie="coa_session=no-such-session")
    assert status == 404 and answer["error"]


def test_the_captcha_is_what_the_login_pages_image_shows(portal, control):
    browser = Browser(portal.url)
    browser.get("/login")
    shown = captcha_glyphs(browser.get("/captcha.svg").text)
    status, answer = api(portal.url, "GET", "/__test__/captcha", cookie=browser.cookie)
    assert status == 200 and len(shown) >= 4
    assert answer["captcha"] == shown

    browser.post("/login/captcha")                                     # 「換下一組」
    newer = control.captcha(browser.cookie)
    assert newer != shown and newer == captcha_glyphs(browser.get("/captcha.svg").text)
    other = Browser(portal.url)
    other.get("/login")
    assert control.captcha(other.cookie) != newer                        # per session


# mail -------------------------------------------------------------------------------
def test_the_registration_mail_holds_the_confirm_link(portal, control):
    browser = Browser(portal.url)
    browser.get("/register?role=foreigner")
    reply = browser.post("/register?role=foreigner", {"account": "bob_tw", "name": "Bob",
                                                      "email": "bob@example.com", "password": PASSWORD,
                                                      "confirm": PASSWORD})
    assert reply.status == 303, reply.text[:300]

    status, answer = api(portal.url, "GET", "/__test__/mail?to=bob%40example.com")
    assert status == 200 and len(answer["mails"]) == 1
    mail = answer["mails"][0]
    assert mail["to"] == "bob@example.com" and mail["subject"]
    [link] = mail["links"]
    assert link.startswith(portal.url + "/register/confirm?token=") and link in mail["body"]
    assert portal.portal.store.account("bob_tw").verified is False

    assert browser.get(link[len(portal.url):]).status == 303
    assert portal.portal.store.account("bob_tw").verified is True
    assert api(portal.url, "GET", "/__test__/mail?to=nobody%40example.com") == (200, {"mails": []})


def test_mail_needs_an_address(portal, control):
    status, answer = api(portal.url, "GET", "/__test__/mail")
    assert status == 400 and answer["error"]


@pytest.mark.parametrize("raw", [b"[" * 100_000, b'{"advance_seconds": ' + b"1" * 5000 + b"}"],
                         ids=["deep", "long-integer"])
def test_json_that_pythons_parser_chokes_on_is_refused(portal, control, raw):
    status, answer = api(portal.url, "POST", "/__test__/clock", raw=raw)
    assert status == 400 and answer["error"]


# without --test-api -------------------------------------------------------------------
@pytest.fixture(scope="module")
def plain_portal():
    running = start_portal(test_api=False)
    yield running
    running.stop()


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("path", CONTROL_PATHS)
def test_without_the_test_api_every_control_path_is_404(plain_portal, method, path):
    body = b'{"account": "x", "password": "y", "email": "z@example.com"}' if method == "POST" else b""
    reply = send_raw(plain_portal.url, raw_request(method, path, {"Content-Type": "application/json"}, body))
    assert reply.status == 404
    assert plain_portal.portal.store.account("x") is None


def test_without_the_test_api_the_portal_itself_is_served(plain_portal):
    assert send_raw(plain_portal.url, raw_request("GET", ENTRY)).status == 200


# sessions (an extension: a suite's sign-in for scenarios not about STEP 1-5) -----------
def test_a_session_opened_by_the_control_api_is_signed_in(portal, control):
    new_account(control, "alice", name="Alice Wang")
    status, answer = api(portal.url, "POST", "/__test__/sessions", {"account": "alice"})
    assert status == 201, answer
    browser = Browser(portal.url)
    browser.session_id = answer["cookie"]["value"]
    assert answer["cookie"]["name"] == "coa_session"
    home = browser.get(answer["home"])
    assert home.status == 200 and "Alice Wang" in home.text and 'role="timer"' in home.text


def test_each_opened_session_is_its_own(portal, control):
    """Two sessions for two accounts (or two for one) never share a cookie."""
    new_account(control, "alice")
    new_account(control, "bob")
    cookies = [api(portal.url, "POST", "/__test__/sessions", {"account": who})[1]["cookie"]["value"]
               for who in ("alice", "bob", "alice")]
    assert len(set(cookies)) == 3
    bob = Browser(portal.url)
    bob.session_id = cookies[1]
    page = bob.get("/home").text
    assert "Bob" in page and "Alice" not in page


@pytest.mark.parametrize("why", ["unknown", "unverified", "locked"])
def test_no_session_for_an_account_the_login_would_refuse(portal, control, why):
    if why == "unverified":
        new_account(control, "alice", verified=False)
    elif why == "locked":
        new_account(control, "alice")
        browser = Browser(portal.url)
        for _ in range(5):
            browser.log_in(control, "alice", password="not-the-password-1")
    status, answer = api(portal.url, "POST", "/__test__/sessions", {"account": "alice"})
    assert status == 409, answer
    assert "login would be refused" in answer["error"]


def test_a_session_needs_an_account_name(portal, control):
    for body in ({}, {"account": ""}, ["alice"]):
        status, answer = api(portal.url, "POST", "/__test__/sessions", body)
        assert status == 400, (body, answer)
