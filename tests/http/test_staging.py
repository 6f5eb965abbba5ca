"""`--staging SEED.toml` (mock_portal/staging.py): the bundled portal posing as a portal
that is not ours. No control API; the seed's accounts log in with its fixed captcha; its
card classes get the answers their names promise; a bad seed stops startup in one line;
a --db file seeded twice holds each account and card once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

import pytest

from mock_portal.app import make_server, start_in_thread
from mock_portal.domain import catalog
from mock_portal.domain.passwords import FAST_COST
from mock_portal.policy import Policy
from mock_portal.staging import SeedError, load_seed, parse_seed

from .client import ENTRY, FORM, Browser, api, captcha_glyphs

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "staging-seed.toml"
SEED = load_seed(EXAMPLE)
FAST = Policy(password_cost=FAST_COST)
UNKNOWN = ("Q803119675", "1991/01/01")            # the example's commented "unknown" class
ANSWERS = {"expired": ("eligible", False), "valid-in-window": ("valid-extend", True),
           "valid-early": ("valid-early", False)}
MINIMAL = {"captcha": {"value": "AB12"},
           "accounts": [{"role": "foreigner", "account": "qa-one", "password": "Strong-pass-123",
                         "email": "one@example.com", "name": "ONE"}],
           "cards": [{"class": "expired", "ui_number": "A800013146", "birth_date": "1992-05-03", "field": "科技"}]}


@pytest.fixture(scope="module")
def staging():
    running = start_in_thread(staging=EXAMPLE, policy=FAST)
    yield running
    running.stop()


def logged_in(url: str, account) -> Browser:
    browser = Browser(url)
    assert browser.get(f"/login?role={account.role}").status == 200
    reply = browser.post(f"/login?role={account.role}", {"role": account.role, "account": account.account,
                                                          "password": account.password, "captcha": SEED.captcha})
    assert reply.status == 303 and reply.header("Location").endswith("/home"), (reply.status, reply.text[:300])
    browser.get("/home")
    return browser


def eligibility(browser: Browser, ui_number: str, birth_date: str) -> dict:
    body = urlencode({"ui_number": ui_number, "birth_date": birth_date}).encode()
    reply = browser.request("POST", "/goldcard/eligibility", body, {"Content-Type": FORM,
                                                                      "X-CSRF-Token": browser.csrf})
    assert reply.status == 200, reply.text
    return json.loads(reply.text)


# no control API, the fixed captcha, the seeded accounts ---------------------------------
@pytest.mark.parametrize("path", ["/__test__/reset", "/__test__/captcha", "/__test__/clock"])
def test_the_control_api_is_404(staging, path):
    status, _ = api(staging.url, "POST" if path.endswith("reset") else "GET", path)
    assert status == 404


def test_every_captcha_is_the_seeds_and_the_image_draws_it(staging):
    browser = Browser(staging.url)
    browser.get(ENTRY)
    browser.get("/login?role=foreigner")
    assert captcha_glyphs(browser.get("/captcha.svg").text) == SEED.captcha
    browser.post("/login/captcha", {"account": ""})                   # 「換下一組」
    assert captcha_glyphs(browser.get("/captcha.svg").text) == SEED.captcha


@pytest.mark.parametrize("account", SEED.accounts, ids=lambda a: a.account)
def test_each_seeded_account_logs_in_with_the_fixed_captcha(staging, account):
    logged_in(staging.url, account)


def test_a_wrong_captcha_is_still_refused(staging):
    account = SEED.accounts[0]
    browser = Browser(staging.url)
    browser.get("/login?role=foreigner")
    reply = browser.post("/login?role=foreigner", {"role": "foreigner", "account": account.account,
                                                   "password": account.password, "captcha": "WRONG1"})
    assert reply.status == 200 and "驗證碼錯誤" in reply.text


# card classes ---------------------------------------------------------------------------
def test_the_example_seed_has_the_cards_the_profile_needs():
    classes = [c.card_class for c in SEED.cards]
    assert classes.count("expired") == 3 and "valid-in-window" in classes and "valid-early" in classes
    with_all = [c for c in SEED.cards if c.documents == catalog.find_category(c.field, c.category).documents]
    assert len(with_all) == 2 and all(c.field == "科技" for c in with_all)
    assert any(c.card_class == "expired" and not c.documents for c in SEED.cards)


@pytest.mark.parametrize("card", SEED.cards, ids=lambda c: f"{c.card_class}-{c.ui_number}")
def test_each_class_gets_the_answer_its_name_promises(staging, card):
    browser = logged_in(staging.url, SEED.accounts[0])
    verdict, extension = ANSWERS[card.card_class]
    answer = eligibility(browser, card.ui_number, card.birth_date.strftime("%Y/%m/%d"))
    assert (answer["verdict"], answer["extension"]) == (verdict, extension)
    assert answer["eligible"] is (card.card_class == "expired")


def test_the_unknown_number_has_no_card(staging):
    browser = logged_in(staging.url, SEED.accounts[0])
    assert eligibility(browser, *UNKNOWN)["verdict"] == "no-match"


def test_only_the_in_window_card_may_be_extended(staging):
    browser = logged_in(staging.url, SEED.accounts[0])
    for card in SEED.cards:
        reply = browser.post("/goldcard/extension", {"ui_number": card.ui_number,
                                                     "birth_date": card.birth_date.strftime("%Y/%m/%d")})
        assert ("目前可以申請延期" in reply.text) is (card.card_class == "valid-in-window"), card


# bad seeds --------------------------------------------------------------------------------
def test_a_bad_seed_stops_startup_with_one_line_and_exit_2(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8")
    first = text.index('class = "expired"')
    second = text.index('class = "expired"', first + 1)
    bad = tmp_path / "bad.toml"
    bad.write_text(text[:second] + 'class = "old"' + text[second + len('class = "expired"'):], encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mock_portal", "--staging", str(bad), "--port", "0"],
                          capture_output=True, text=True, cwd=ROOT, timeout=30)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"python -m mock_portal: {bad}: [[cards]][2].class: 'old' is not one of expired, valid-in-window, valid-early"]
    assert done.stdout == ""


def test_staging_refuses_the_control_api():
    done = subprocess.run([sys.executable, "-m", "mock_portal", "--staging", str(EXAMPLE), "--test-api"],
                          capture_output=True, text=True, cwd=ROOT, timeout=30)
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1 and "--test-api" in done.stderr
    with pytest.raises(ValueError, match="no control API"):
        make_server(staging=EXAMPLE, test_api=True)


def _with(section: str, **changes) -> dict:
    seed = json.loads(json.dumps(MINIMAL))
    target = seed[section] if section == "captcha" else seed[section][0]
    for key, value in changes.items():
        if value is None:
            target.pop(key)
        else:
            target[key] = value
    return seed


@pytest.mark.parametrize(("seed", "says"), [
    ({**MINIMAL, "colour": "blue"}, "colour: unknown key"),
    ({k: v for k, v in MINIMAL.items() if k != "captcha"}, "captcha: missing"),
    (_with("captcha", value="TOO-LONG-99"), "[captcha].value: 'TOO-LONG-99' is not 1 to 6"),
    (_with("accounts", role="admin"), "[[accounts]][1].role: 'admin' is not one of foreigner, employer, agency"),
    (_with("accounts", email=None), "[[accounts]][1].email: missing"),
    (_with("accounts", password="Pw1x"), "[[accounts]][1].password: the portal's registration refuses it"),
    (_with("accounts", password_env="X"), "[[accounts]][1].password_env: unknown key"),
    (_with("cards", field="天文"), "[[cards]][1].field: '天文' is not one of 科技"),
    (_with("cards", category="第九類"), "[[cards]][1].category: '第九類' is not one of 第一類"),
    (_with("cards", birth_date="1992/05/03"), "[[cards]][1].birth_date: must be a date YYYY-MM-DD"),
    (_with("cards", ui_number="A800013147"), "[[cards]][1].ui_number: 'A800013147' is not a 統一證號 (check-digit)"),
    (_with("cards", documents=["履歷"]), "[[cards]][1].documents: '履歷' is not one of 護照, 照片"),
    (_with("cards", valid_from="2022-01-01"), "[[cards]][1].valid_from: give class, or valid_from"),
    (_with("cards", **{"class": None}), "[[cards]][1].class: missing (or give valid_from and valid_until)"),
    (_with("cards", **{"class": None, "valid_from": "2022-01-01"}), "[[cards]][1].valid_until: missing"),
    (_with("cards", **{"class": None, "valid_from": "2025-01-01", "valid_until": "2022-01-01"}),
     "[[cards]][1].valid_until: 2022-01-01 is before valid_from 2025-01-01"),
    ({**MINIMAL, "cards": MINIMAL["cards"] * 2}, "[[cards]][2].ui_number: 'A800013146' is already [[cards]][1]'s"),
])
def test_a_bad_seed_names_the_file_and_the_key(seed, says):
    with pytest.raises(SeedError) as raised:
        parse_seed(seed, "seed.toml")
    message = str(raised.value)
    assert message.startswith(f"seed.toml: {says}") and "\n" not in message
    assert "Pw1x" not in message and "Strong-pass-123" not in message     # a password is never printed


def test_explicit_dates_are_kept():
    seed = parse_seed(_with("cards", **{"class": None, "valid_from": "2022-01-01", "valid_until": "2025-01-01"}))
    card = seed.cards[0].card(today=None)
    assert (card.valid_from.isoformat(), card.valid_until.isoformat()) == ("2022-01-01", "2025-01-01")


# a --db file seeded twice -------------------------------------------------------------------
def test_seeding_the_same_db_twice_duplicates_nothing(tmp_path):
    db = str(tmp_path / "staging.db")
    hashes = []
    for _ in range(2):
        server = make_server(db=db, staging=SEED, policy=FAST)
        store = server.portal.store
        hashes.append([store.account(a.account).password_hash for a in SEED.accounts])
        assert all(len(store.cards(c.ui_number)) == 1 for c in SEED.cards)
        server.server_close()
    assert hashes[0] == hashes[1]                       # matching accounts are left as they were


def test_a_card_whose_class_changed_is_rewritten_in_place(tmp_path):
    db = str(tmp_path / "staging.db")
    first = make_server(db=db, staging=parse_seed(MINIMAL), policy=FAST)
    [(old, card_id)] = first.portal.store.cards("A800013146").items()
    first.server_close()
    changed = json.loads(json.dumps(MINIMAL))
    changed["cards"][0]["class"] = "valid-early"
    second = make_server(db=db, staging=parse_seed(changed), policy=FAST)
    [(new, new_id)] = second.portal.store.cards("A800013146").items()
    second.server_close()
    assert new_id == card_id and new.valid_until > old.valid_until
