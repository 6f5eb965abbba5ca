"""harness.target without a browser: examples/staging.toml loads as written; every kind of
bad profile stops with one ProfileError line naming the file and the key
(../shared/spec/targets.md, "Rules for the file"); secrets stay out of reprs and are all
listed by Target.secrets(); the bundled and --base-url targets are what the contract says."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from harness.target import (
    DEFAULT_ENTRY_PATH,
    Account,
    ProfileError,
    bundled_target,
    is_loopback,
    load_target,
    name_for,
    url_target,
)

STAGING = Path(__file__).resolve().parent.parent / "examples" / "staging.toml"

HEAD = 'name = "qa"\nbase_url = "https://portal.example"\n'
CAPTCHA = '[captcha]\nstrategy = "fixed"\nvalue = "8K3QZ2"\n'
ACCOUNT = ('[[accounts]]\nrole = "foreigner"\naccount = "qa-1"\npassword = "pw-one"\n'
           'email = "qa1@example.com"\nname = "JAMES HUNT"\n')
CARD = '[[cards]]\nclass = "expired"\nui_number = "A800013146"\nbirth_date = "1992-05-03"\nfield = "科技"\n'


def profile(*, head: str = HEAD, captcha: str = CAPTCHA, tables: str = "") -> str:
    """A valid profile unless a part is replaced: top-level keys, [captcha], then other tables."""
    return head + captcha + tables


def write(tmp_path: Path, text: str, name: str = "profile.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- examples/staging.toml and good profiles -------------------------------------------------


def test_staging_example_loads_with_its_accounts_by_role_and_cards_by_class():
    target = load_target(STAGING, env={})
    assert (target.name, target.base_url, target.entry_path) == ("staging", "http://127.0.0.1:8181", DEFAULT_ENTRY_PATH)
    assert target.source == str(STAGING)
    assert not target.bundled and target.is_loopback
    assert (target.captcha.strategy, target.captcha.value) == ("fixed", "8K3QZ2")
    assert [a.account for a in target.accounts_of("foreigner")] == ["qa-foreigner-01", "qa-foreigner-02",
                                                                    "qa-foreigner-03"]
    assert [a.account for a in target.accounts_of("employer")] == ["qa-employer-01"]
    assert [a.account for a in target.accounts_of("agency")] == ["qa-agency-01"]
    first = target.accounts_of("foreigner")[0]
    assert (first.password, first.email, first.name) == ("Kestrel-Harbor-4821", "qa-foreigner-01@example.com",
                                                          "JAMES HUNT")
    assert [c.ui_number for c in target.cards_of("expired")] == ["A800013146", "F820467118", "B921058335"]
    assert [c.ui_number for c in target.cards_of("valid-in-window")] == ["E815072204"]
    assert [c.ui_number for c in target.cards_of("valid-early")] == ["H950288147"]
    assert [c.ui_number for c in target.cards_of("unknown")] == ["Q803119675"]
    card = target.cards_of("expired")[0]
    assert card.birth_date == date(1992, 5, 3)
    assert card.documents == ("護照", "照片", "薪資證明")
    assert card.category == "第一類：近期月薪達新臺幣十六萬元以上"
    assert target.cards_of("expired")[2].category is None
    assert target.cards_of("unknown")[0].field == ""
    assert (target.mail.strategy, target.mail.url) == ("maildev", "http://127.0.0.1:1080")
    assert (target.allow.drafts, target.allow.destructive) == (True, False)


def test_a_minimal_profile_takes_the_contracts_defaults(tmp_path):
    target = load_target(write(tmp_path, profile(head='name = "qa"\nbase_url = "https://portal.example/"\n')), env={})
    assert target.base_url == "https://portal.example"            # the trailing slash goes
    assert target.entry_path == DEFAULT_ENTRY_PATH
    assert (target.accounts, target.cards) == ((), ())
    assert target.mail.strategy == "none"
    assert (target.allow.drafts, target.allow.destructive) == (False, False)
    assert target.captcha.wait_s == 120
    assert not target.is_loopback


def test_a_profile_reads_passwords_from_the_environment_it_is_given(tmp_path):
    text = profile(captcha='[captcha]\nstrategy = "fixed"\nvalue_env = "QA_CAPTCHA"\n',
                   tables=ACCOUNT.replace('password = "pw-one"', 'password_env = "QA_PW"')
                   + '[mail]\nstrategy = "imap"\nhost = "imap.example"\nuser = "qa1"\npassword_env = "QA_IMAP"\n')
    target = load_target(write(tmp_path, text), env={"QA_PW": "from-env", "QA_CAPTCHA": "ZZ9", "QA_IMAP": "imap-pw"})
    assert target.accounts[0].password == "from-env"
    assert target.captcha.value == "ZZ9"
    assert (target.mail.host, target.mail.port, target.mail.user, target.mail.password) == (
        "imap.example", 993, "qa1", "imap-pw")
    assert (target.mail.tls, target.mail.ca_file) == (True, "")


def test_plain_imap_is_for_a_loopback_server_on_port_143_unless_told(tmp_path):
    text = profile(tables='[mail]\nstrategy = "imap"\nhost = "127.0.0.1"\nuser = "u"\npassword = "p"\ntls = false\n')
    mail = load_target(write(tmp_path, text), env={}).mail
    assert (mail.tls, mail.port) == (False, 143)


def test_without_env_the_profile_reads_the_process_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("HARNESS_TEST_TARGET_PW", "process-env")
    path = write(tmp_path, profile(tables=ACCOUNT.replace('password = "pw-one"',
                                                          'password_env = "HARNESS_TEST_TARGET_PW"')))
    assert load_target(path).accounts[0].password == "process-env"


@pytest.mark.parametrize(
    ("birth_date", "expected"),
    [
        ('"1992-05-03"', date(1992, 5, 3)),
        ("1992-05-03", date(1992, 5, 3)),          # a TOML date, unquoted
        ('"2024-02-29"', date(2024, 2, 29)),        # a leap day
    ],
)
def test_card_birth_dates_that_are_accepted(tmp_path, birth_date, expected):
    card = CARD.replace('"1992-05-03"', birth_date)
    assert load_target(write(tmp_path, profile(tables=card)), env={}).cards[0].birth_date == expected


def test_a_cards_ui_number_is_upper_cased_and_an_unknown_card_needs_no_field(tmp_path):
    text = profile(tables='[[cards]]\nclass = "unknown"\nui_number = "q803119675"\nbirth_date = "1991-01-01"\n')
    card = load_target(write(tmp_path, text), env={}).cards[0]
    assert (card.card_class, card.ui_number, card.field) == ("unknown", "Q803119675", "")


@pytest.mark.parametrize("strategy", ["manual", "command"])
def test_other_captcha_strategies_load(tmp_path, strategy):
    captcha = f'[captcha]\nstrategy = "{strategy}"\ncommand = "python ocr.py"\nwait_s = 30\n'
    loaded = load_target(write(tmp_path, profile(captcha=captcha)), env={}).captcha
    assert (loaded.strategy, loaded.command, loaded.wait_s) == (strategy, "python ocr.py", 30.0)


# --- bad profiles: one line, naming the file and the key -------------------------------------

BAD_PROFILES = [
    # (case, profile text, the key the message names)
    ("unknown top-level key", profile(head=HEAD + 'colour = "red"\n'), "colour"),
    ("missing name", profile(head='base_url = "https://portal.example"\n'), "name"),
    ("empty name", profile(head='name = ""\nbase_url = "https://portal.example"\n'), "name"),
    ("name with a slash", profile(head='name = "qa/staging"\nbase_url = "https://portal.example"\n'), "name"),
    ("name ..", profile(head='name = ".."\nbase_url = "https://portal.example"\n'), "name"),
    ("name .", profile(head='name = "."\nbase_url = "https://portal.example"\n'), "name"),
    ("name like a browser folder", profile(head='name = "chromium-130"\nbase_url = "https://portal.example"\n'),
     "name"),
    ("name not a string", profile(head='name = 7\nbase_url = "https://portal.example"\n'), "name"),
    ("missing base_url", profile(head='name = "qa"\n'), "base_url"),
    ("ftp base_url", profile(head='name = "qa"\nbase_url = "ftp://portal.example"\n'), "base_url"),
    ("base_url without a scheme", profile(head='name = "qa"\nbase_url = "portal.example"\n'), "base_url"),
    ("base_url without a host", profile(head='name = "qa"\nbase_url = "https://"\n'), "base_url"),
    ("entry_path not absolute", profile(head=HEAD + 'entry_path = "coa-frontend"\n'), "entry_path"),
    ("missing [captcha]", profile(captcha=""), "captcha"),
    ("captcha not a table", profile(head=HEAD + 'captcha = "fixed"\n', captcha=""), "captcha"),
    ("unknown key in [captcha]", profile(captcha=CAPTCHA + 'colour = "red"\n'), "[captcha].colour"),
    ("missing captcha strategy", profile(captcha='[captcha]\nvalue = "X"\n'), "[captcha].strategy"),
    ("bad captcha strategy", profile(captcha='[captcha]\nstrategy = "ocr"\n'), "[captcha].strategy"),
    ("captcha strategy control in a file", profile(captcha='[captcha]\nstrategy = "control"\n'),
     "[captcha].strategy"),
    ("fixed captcha without value", profile(captcha='[captcha]\nstrategy = "fixed"\n'), "[captcha].value"),
    ("fixed captcha with an empty value", profile(captcha='[captcha]\nstrategy = "fixed"\nvalue = ""\n'),
     "[captcha].value"),
    ("command captcha without command", profile(captcha='[captcha]\nstrategy = "command"\n'), "[captcha].command"),
    ("manual captcha waiting 0 s", profile(captcha='[captcha]\nstrategy = "manual"\nwait_s = 0\n'),
     "[captcha].wait_s"),
    ("manual captcha waiting text", profile(captcha='[captcha]\nstrategy = "manual"\nwait_s = "long"\n'),
     "[captcha].wait_s"),
    ("unknown key in [[accounts]]", profile(tables=ACCOUNT + 'colour = "red"\n'), "[[accounts]][1].colour"),
    ("bad role", profile(tables=ACCOUNT.replace('"foreigner"', '"admin"')), "[[accounts]][1].role"),
    ("bad role in the second account",
     profile(tables=ACCOUNT + ACCOUNT.replace('"qa-1"', '"qa-2"').replace('"foreigner"', '"Foreigner"')),
     "[[accounts]][2].role"),
    ("missing account", profile(tables=ACCOUNT.replace('account = "qa-1"\n', "")), "[[accounts]][1].account"),
    ("missing email", profile(tables=ACCOUNT.replace('email = "qa1@example.com"\n', "")), "[[accounts]][1].email"),
    ("no password at all", profile(tables=ACCOUNT.replace('password = "pw-one"\n', "")), "[[accounts]][1].password"),
    ("password and password_env",
     profile(tables=ACCOUNT.replace('password = "pw-one"\n', 'password = "pw-one"\npassword_env = "QA_PW"\n')),
     "[[accounts]][1].password"),
    ("password_env naming an unset variable",
     profile(tables=ACCOUNT.replace('password = "pw-one"', 'password_env = "QA_UNSET_PW"')),
     "[[accounts]][1].password_env"),
    ("duplicate account", profile(tables=ACCOUNT + ACCOUNT.replace('"foreigner"', '"employer"')),
     "[[accounts]][2].account"),
    ("accounts not tables", profile(head=HEAD + "accounts = [1]\n"), "[[accounts]][1]"),
    ("unknown key in [[cards]]", profile(tables=CARD + 'colour = "red"\n'), "[[cards]][1].colour"),
    ("bad class", profile(tables=CARD.replace('"expired"', '"revoked"')), "[[cards]][1].class"),
    ("missing class", profile(tables=CARD.replace('class = "expired"\n', "")), "[[cards]][1].class"),
    ("missing ui_number", profile(tables=CARD.replace('ui_number = "A800013146"\n', "")), "[[cards]][1].ui_number"),
    ("missing field on an expired card", profile(tables=CARD.replace('field = "科技"\n', "")), "[[cards]][1].field"),
    ("impossible month", profile(tables=CARD.replace("1992-05-03", "1992-13-03")), "[[cards]][1].birth_date"),
    ("not a leap year", profile(tables=CARD.replace("1992-05-03", "2023-02-29")), "[[cards]][1].birth_date"),
    ("slashes in a date", profile(tables=CARD.replace("1992-05-03", "1992/05/03")), "[[cards]][1].birth_date"),
    ("empty date", profile(tables=CARD.replace("1992-05-03", "")), "[[cards]][1].birth_date"),
    ("date as a number", profile(tables=CARD.replace('"1992-05-03"', "19920503")), "[[cards]][1].birth_date"),
    ("missing birth_date", profile(tables=CARD.replace('birth_date = "1992-05-03"\n', "")),
     "[[cards]][1].birth_date"),
    ("documents not names", profile(tables=CARD + "documents = [1]\n"), "[[cards]][1].documents"),
    ("unknown key in [mail]", profile(tables='[mail]\nstrategy = "none"\ncolour = "red"\n'), "[mail].colour"),
    ("bad mail strategy", profile(tables='[mail]\nstrategy = "pop3"\n'), "[mail].strategy"),
    ("mail strategy control in a file", profile(tables='[mail]\nstrategy = "control"\n'), "[mail].strategy"),
    ("maildev without url", profile(tables='[mail]\nstrategy = "maildev"\n'), "[mail].url"),
    ("imap without host", profile(tables='[mail]\nstrategy = "imap"\nuser = "u"\npassword = "p"\n'), "[mail].host"),
    ("imap with an unset password_env",
     profile(tables='[mail]\nstrategy = "imap"\nhost = "h"\nuser = "u"\npassword_env = "QA_UNSET_IMAP"\n'),
     "[mail].password_env"),
    ("imap port as text", profile(tables='[mail]\nstrategy = "imap"\nhost = "h"\nuser = "u"\npassword = "p"\n'
                                         'port = "993"\n'), "[mail].port"),
    ("plain imap off loopback", profile(tables='[mail]\nstrategy = "imap"\nhost = "imap.example"\nuser = "u"\n'
                                               'password = "p"\ntls = false\n'), "[mail].tls"),
    ("imap tls as text", profile(tables='[mail]\nstrategy = "imap"\nhost = "h"\nuser = "u"\npassword = "p"\n'
                                        'tls = "no"\n'), "[mail].tls"),
    ("unknown key in [allow]", profile(tables="[allow]\ndrafts = true\ncolour = true\n"), "[allow].colour"),
    ("allow.drafts as text", profile(tables='[allow]\ndrafts = "yes"\n'), "[allow].drafts"),
    ("allow.destructive as a number", profile(tables="[allow]\ndestructive = 1\n"), "[allow].destructive"),
]


@pytest.mark.parametrize(("text", "key"), [case[1:] for case in BAD_PROFILES], ids=[case[0] for case in BAD_PROFILES])
def test_a_bad_profile_is_one_line_naming_the_file_and_the_key(tmp_path, text, key):
    path = write(tmp_path, text)
    with pytest.raises(ProfileError) as raised:
        load_target(path, env={})
    message = str(raised.value)
    assert "\n" not in message, message
    assert message.startswith(f"{path}: {key}: "), message
    assert message.removeprefix(f"{path}: {key}: ").strip(), "the message does not say what is wrong"


# Profiles the contract's rules refuse that a lenient loader would take (date.fromisoformat's other
# forms, a TOML datetime, a bool where a number belongs).
LOADED_BUT_BAD = [
    pytest.param(profile(tables=CARD.replace("1992-05-03", "19920503")), "[[cards]][1].birth_date",
                 id="basic-format date"),
    pytest.param(profile(tables=CARD.replace("1992-05-03", "1992-W18-7")), "[[cards]][1].birth_date",
                 id="ISO week date"),
    pytest.param(profile(tables=CARD.replace('"1992-05-03"', "1992-05-03T10:00:00")), "[[cards]][1].birth_date",
                 id="TOML datetime"),
    pytest.param(profile(captcha='[captcha]\nstrategy = "manual"\nwait_s = true\n'), "[captcha].wait_s",
                 id="wait_s = true"),
]


@pytest.mark.parametrize(("text", "key"), LOADED_BUT_BAD)
def test_values_the_contract_refuses_are_refused(tmp_path, text, key):
    path = write(tmp_path, text)
    with pytest.raises(ProfileError) as raised:
        load_target(path, env={})
    assert str(raised.value).startswith(f"{path}: {key}: ")


def test_an_environment_variable_set_to_nothing_counts_as_unset(tmp_path):
    path = write(tmp_path, profile(tables=ACCOUNT.replace('password = "pw-one"', 'password_env = "QA_PW"')))
    with pytest.raises(ProfileError, match=r"password_env: .*QA_PW.* not set"):
        load_target(path, env={"QA_PW": ""})


def test_the_unset_variable_is_named_in_the_message(tmp_path):
    path = write(tmp_path, profile(tables=ACCOUNT.replace('password = "pw-one"', 'password_env = "QA_FOREIGNER_9"')))
    with pytest.raises(ProfileError, match="QA_FOREIGNER_9"):
        load_target(path, env={"QA_OTHER": "x"})


@pytest.mark.parametrize(
    ("content", "what"),
    [
        ('name = "qa"\nbase_url = \n', "not valid TOML"),
        ('name = "qa"\n[captcha\n', "not valid TOML"),
        ('name = "qa"\nname = "again"\n', "not valid TOML"),
        (b'name = "\xff"\n', "cannot be read"),
    ],
    ids=["value missing", "unclosed table", "key twice", "not UTF-8"],
)
def test_a_file_that_is_not_a_toml_text_is_one_line_naming_the_file(tmp_path, content, what):
    path = tmp_path / "broken.toml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ProfileError) as raised:
        load_target(path, env={})
    message = str(raised.value)
    assert message.startswith(f"{path}: {what}"), message
    assert "\n" not in message


def test_a_missing_file_is_one_line_naming_it(tmp_path):
    path = tmp_path / "nowhere" / "staging.toml"
    with pytest.raises(ProfileError) as raised:
        load_target(path, env={})
    assert str(raised.value) == f"{path}: no such file"


def test_a_folder_instead_of_a_file_is_one_line_naming_it(tmp_path):
    with pytest.raises(ProfileError) as raised:
        load_target(tmp_path, env={})
    assert str(raised.value).startswith(f"{tmp_path}: cannot be read")
    assert "\n" not in str(raised.value)


# --- secrets ----------------------------------------------------------------------------------


def test_an_accounts_repr_does_not_show_its_password():
    account = Account(role="foreigner", account="qa-1", password="Kestrel-Harbor-4821", email="a@example.com",
                      name="JAMES HUNT")
    assert "qa-1" in repr(account)
    assert "Kestrel-Harbor-4821" not in repr(account)


def secret_profile(tmp_path: Path) -> Path:
    tables = (ACCOUNT
              + ACCOUNT.replace('"qa-1"', '"qa-2"').replace('password = "pw-one"', 'password_env = "QA_PW_2"')
              + '[mail]\nstrategy = "imap"\nhost = "imap.example"\nuser = "qa1"\npassword_env = "QA_IMAP"\n')
    return write(tmp_path, profile(tables=tables))


ENV = {"QA_PW_2": "pw-two-from-env", "QA_IMAP": "imap-from-env"}


def test_secrets_lists_every_password_and_the_fixed_captcha(tmp_path):
    target = load_target(secret_profile(tmp_path), env=ENV)
    assert set(target.secrets()) == {"pw-one", "pw-two-from-env", "imap-from-env", "8K3QZ2"}


def test_no_secret_shows_in_the_targets_repr(tmp_path):
    target = load_target(secret_profile(tmp_path), env=ENV)
    text = repr(target)
    assert "qa-2" in text
    for secret in target.secrets():
        assert secret not in text


def test_a_captcha_that_is_not_fixed_is_not_a_secret(tmp_path):
    target = load_target(write(tmp_path, profile(captcha='[captcha]\nstrategy = "command"\ncommand = "ocr"\n')),
                         env={})
    assert target.secrets() == []


def test_the_staging_examples_secrets_are_its_five_passwords_and_its_captcha():
    target = load_target(STAGING, env={})
    assert sorted(target.secrets()) == sorted([a.password for a in target.accounts] + ["8K3QZ2"])
    assert len(target.secrets()) == 6


# --- the bundled portal, --base-url alone, and derived targets ---------------------------------


def test_the_bundled_target_has_the_control_api_and_allows_everything():
    target = bundled_target()
    assert target.bundled
    assert target.is_loopback                     # even before it has a base_url
    assert (target.captcha.strategy, target.mail.strategy) == ("control", "control")
    assert (target.allow.drafts, target.allow.destructive) == (True, True)
    assert target.secrets() == []


@pytest.mark.parametrize(
    ("base_url", "name"),
    [
        ("https://portal-staging.example", "portal-staging.example"),
        ("http://127.0.0.1:8181/", "127.0.0.1-8181"),
        ("https://Portal.Example:8443/coa", "portal.example-8443"),
    ],
)
def test_a_bare_base_url_is_a_profile_named_by_its_host_and_port(base_url, name):
    target = url_target(base_url)
    assert target.name == name == name_for(base_url)
    assert "/" not in target.name
    assert target.base_url == base_url.rstrip("/")
    assert (target.accounts, target.cards, target.bundled) == ((), (), False)
    assert (target.allow.drafts, target.allow.destructive) == (False, False)
    assert target.source == f"--base-url {base_url}"


def test_with_base_url_and_allowing_destructive_make_new_targets(tmp_path):
    target = load_target(STAGING, env={})
    moved = target.with_base_url("https://elsewhere.example/")
    assert moved.base_url == "https://elsewhere.example"
    assert (moved.name, moved.accounts, moved.cards, moved.captcha) == (target.name, target.accounts, target.cards,
                                                                         target.captcha)
    allowed = target.allowing_destructive()
    assert (allowed.allow.drafts, allowed.allow.destructive) == (True, True)
    assert target.allow.destructive is False and target.base_url == "http://127.0.0.1:8181"


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:8181", True),
        ("http://127.3.2.1/", True),
        ("http://localhost:8000/x", True),
        ("http://LOCALHOST", True),
        ("http://[::1]:8181/", True),
        ("https://portal-staging.example", False),
        ("http://10.0.0.1", False),
        ("http://128.0.0.1", False),
        ("http://localhost.example", False),
        ("http://[::2]", False),
        ("", False),
    ],
)
def test_is_loopback(url, loopback):
    assert is_loopback(url) is loopback
