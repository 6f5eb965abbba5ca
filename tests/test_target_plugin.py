"""harness.target_plugin in an inner pytest run (pytester), without a browser: a bad
profile is one usage-error line (exit 4, no traceback); scenarios whose needs the target
lacks, or that `allow` does not permit, are skipped at collection with a reason naming the
need; --allow-destructive permits them; --base-url overrides the profile's; a manual
captcha needs --headed (../shared/spec/targets.md).

--base-url and --headed come from pytest-playwright (which registers --base-url itself
when pytest-base-url is not installed, as here); the inner runs load it and this plugin
with -p, and no other plugin (PYTEST_DISABLE_PLUGIN_AUTOLOAD), in a subprocess: in-process,
the inner pytest-playwright trips over the outer one's soft-assertion scope."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent
PLUGINS = ("-p", "pytest_playwright.pytest_playwright", "-p", "harness.target_plugin")

PROFILE = """\
name = "qa-staging"
base_url = "https://portal-staging.example"

[captcha]
strategy = "fixed"
value = "8K3QZ2"

[[accounts]]
role = "foreigner"
account = "qa-1"
password = "Kestrel-Harbor-4821"
email = "qa1@example.com"

[[cards]]
class = "expired"
ui_number = "A800013146"
birth_date = "1992-05-03"
field = "科技"

[mail]
strategy = "none"

[allow]
drafts = false
destructive = false
"""

NEEDS_TESTS = '''
import pytest

mark = lambda name: getattr(pytest.mark, name)


@mark("needs-clock")
@mark("step-8")
@mark("r-draft-30")
def test_clock():
    pass


@mark("needs-mail")
def test_mail():
    pass


@mark("needs-card-expired")
def test_expired_card():
    pass


@mark("needs-card-valid-early")
@mark("r-renew-valid")
def test_early_card():
    pass


@mark("needs-drafts")
def test_drafts():
    pass


@mark("step-4")
def test_plain():
    pass
'''

DESTRUCTIVE_TESTS = '''
import pytest


@getattr(pytest.mark, "destructive")
@getattr(pytest.mark, "r-submit")
def test_submit():
    pass
'''

WHERE_TESTS = '''
from harness.target_plugin import running_target


def test_where(request):
    target = running_target(request.config)
    print(f"TARGET name={target.name} base_url={target.base_url} bundled={target.bundled} "
          f"destructive={target.allow.destructive} captcha={target.captcha.strategy}")
'''


@pytest.fixture
def inner(pytester, monkeypatch):
    """Run an inner pytest with this plugin; returns (run, write_profile)."""
    for variable in ("PYTEST_BASE_URL", "PYTEST_ADDOPTS", "PYTEST_PLUGINS"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    # this checkout's harness, whatever copy of it is installed
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p))

    def run(*args):
        return pytester.runpytest_subprocess(*PLUGINS, "-p", "no:cacheprovider", *args, timeout=60)

    def profile(text: str = PROFILE, name: str = "target.toml"):
        path = pytester.path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return run, profile


def target_line(result) -> str:
    """The WHERE_TESTS line (after the test file's name, with -s)."""
    lines = [line[line.index("TARGET "):] for line in result.outlines if "TARGET " in line]
    assert len(lines) == 1, result.stdout.str()
    return lines[0]


# --- bad profiles -----------------------------------------------------------------------------

BAD = [
    ("unknown key", PROFILE.replace('name = "qa-staging"', 'name = "qa-staging"\ncolour = "red"'), "colour"),
    ("bad role", PROFILE.replace('role = "foreigner"', 'role = "admin"'), "[[accounts]][1].role"),
    ("unset password_env", PROFILE.replace('password = "Kestrel-Harbor-4821"',
                                           'password_env = "HARNESS_PLUGIN_TEST_UNSET"'),
     "[[accounts]][1].password_env"),
    ("bad strategy", PROFILE.replace('strategy = "fixed"', 'strategy = "ocr"'), "[captcha].strategy"),
]


@pytest.mark.parametrize(("text", "key"), [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_a_bad_profile_is_a_usage_error_in_one_line_without_traceback(inner, pytester, monkeypatch, text, key):
    monkeypatch.delenv("HARNESS_PLUGIN_TEST_UNSET", raising=False)
    run, profile = inner
    pytester.makepyfile(test_any="def test_any():\n    pass\n")
    path = profile(text)
    result = run("--target", str(path))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    output = result.outlines + result.errlines
    errors = [line for line in output if line.startswith("ERROR: ")]
    assert len(errors) == 1, "\n".join(output)
    assert errors[0].startswith(f"ERROR: bad target profile: {path}: {key}: "), errors[0]
    assert not any("Traceback" in line for line in output), "\n".join(output)
    assert not any("test_any" in line and "PASSED" in line for line in output)


def test_a_missing_profile_is_a_usage_error_naming_it(inner, pytester):
    run, _ = inner
    pytester.makepyfile(test_any="def test_any():\n    pass\n")
    missing = pytester.path / "no-such.toml"
    result = run("--target", str(missing))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: bad target profile: {missing}: no such file"])
    assert "Traceback" not in result.stdout.str() + result.stderr.str()


# --- skips at collection ----------------------------------------------------------------------


def test_scenarios_needing_what_the_target_lacks_are_skipped_with_the_reason(inner, pytester):
    run, profile = inner
    pytester.makepyfile(test_needs=NEEDS_TESTS)
    result = run("--target", str(profile()), "-rs", "-v")
    result.assert_outcomes(passed=2, skipped=4)
    result.stdout.fnmatch_lines_random([
        "*test_expired_card PASSED*",
        "*test_plain PASSED*",
        "SKIPPED*needs the portal's clock (moving time) [[]only the bundled portal's control API offers it[]]: "
        "STEP 8, R-DRAFT-30 not checkable on qa-staging",
        "SKIPPED*needs reading the portal's mail [[]mail.strategy is none[]]: "
        "this scenario not checkable on qa-staging",
        "SKIPPED*needs a card of class valid-early*[[]no [[][[]cards[]][]] of class valid-early[]]: R-RENEW-VALID "
        "not checkable on qa-staging",
        "SKIPPED*needs saving drafts [[]allow.drafts is false[]]*",
    ])


def test_the_missing_needs_travel_in_the_reports(inner, pytester):
    run, profile = inner
    pytester.makepyfile(test_needs=NEEDS_TESTS)
    junit = pytester.path / "junit.xml"
    result = run("--target", str(profile()), f"--junitxml={junit}")
    result.assert_outcomes(passed=2, skipped=4)
    text = junit.read_text(encoding="utf-8")
    assert text.count('name="guide_missing"') == 4
    assert "needs-clock" in text and "mail.strategy is none" in text


def test_on_the_bundled_portal_nothing_is_skipped(inner, pytester):
    run, _ = inner
    pytester.makepyfile(test_needs=NEEDS_TESTS, test_destructive=DESTRUCTIVE_TESTS, test_where=WHERE_TESTS)
    result = run("-s")
    result.assert_outcomes(passed=8)
    assert target_line(result) == "TARGET name=bundled base_url= bundled=True destructive=True captcha=control"


def test_a_destructive_scenario_is_skipped_when_the_profile_does_not_allow_it(inner, pytester):
    run, profile = inner
    pytester.makepyfile(test_destructive=DESTRUCTIVE_TESTS)
    result = run("--target", str(profile()), "-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["SKIPPED*[[]allow.destructive is false[]]: R-SUBMIT not checkable on qa-staging"])


def test_allow_destructive_on_the_command_line_runs_it(inner, pytester):
    run, profile = inner
    pytester.makepyfile(test_destructive=DESTRUCTIVE_TESTS, test_where=WHERE_TESTS)
    result = run("--target", str(profile()), "--allow-destructive", "-s")
    result.assert_outcomes(passed=2)
    assert "destructive=True" in target_line(result)


def test_a_profile_that_allows_destructive_runs_it(inner, pytester):
    run, profile = inner
    pytester.makepyfile(test_destructive=DESTRUCTIVE_TESTS)
    result = run("--target", str(profile(PROFILE.replace("destructive = false", "destructive = true"))))
    result.assert_outcomes(passed=1)


# --- which target: --target, --base-url -------------------------------------------------------


def test_the_profiles_base_url_is_the_targets(inner, pytester):
    run, profile = inner
    pytester.makepyfile(test_where=WHERE_TESTS)
    result = run("--target", str(profile()), "-s")
    result.assert_outcomes(passed=1)
    assert target_line(result) == ("TARGET name=qa-staging base_url=https://portal-staging.example bundled=False "
                                   "destructive=False captcha=fixed")


def test_base_url_with_a_target_overrides_the_profiles(inner, pytester):
    run, profile = inner
    pytester.makepyfile(test_where=WHERE_TESTS)
    result = run("--target", str(profile()), "--base-url", "http://127.0.0.1:8181/", "-s")
    result.assert_outcomes(passed=1)
    assert target_line(result) == ("TARGET name=qa-staging base_url=http://127.0.0.1:8181 bundled=False "
                                   "destructive=False captcha=fixed")


def test_a_bare_base_url_headed_is_a_target_with_nothing_provisioned(inner, pytester):
    run, _ = inner
    pytester.makepyfile(test_where=WHERE_TESTS, test_needs=NEEDS_TESTS)
    result = run("--base-url", "https://portal.example:8443", "--headed", "-s", "-rs")
    result.assert_outcomes(passed=2, skipped=5)
    assert target_line(result) == ("TARGET name=portal.example-8443 base_url=https://portal.example:8443 "
                                   "bundled=False destructive=False captcha=manual")
    result.stdout.fnmatch_lines(["SKIPPED*no [[][[]cards[]][]] of class expired*not checkable on portal.example-8443"])


def test_a_bare_base_url_headless_keeps_working(inner, pytester):
    """The contract: `--base-url URL` alone keeps working. Its target has the manual captcha
    but no account to log in with, so it needs no person at a headed browser."""
    run, _ = inner
    pytester.makepyfile(test_where=WHERE_TESTS)
    result = run("--base-url", "https://portal.example", "-s")
    assert result.ret == pytest.ExitCode.OK, result.stderr.str()
    assert target_line(result) == ("TARGET name=portal.example base_url=https://portal.example bundled=False "
                                   "destructive=False captcha=manual")


# --- captcha strategy manual ------------------------------------------------------------------

MANUAL = PROFILE.replace('strategy = "fixed"\nvalue = "8K3QZ2"', 'strategy = "manual"\nwait_s = 60')


def test_a_manual_captcha_without_headed_is_a_usage_error(inner, pytester):
    run, profile = inner
    pytester.makepyfile(test_where=WHERE_TESTS)
    path = profile(MANUAL)
    result = run("--target", str(path))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: {path}: captcha.strategy manual needs a person at a headed browser*"])
    assert "Traceback" not in result.stdout.str() + result.stderr.str()


def test_a_manual_captcha_with_headed_runs(inner, pytester):
    run, profile = inner
    pytester.makepyfile(test_where=WHERE_TESTS)
    result = run("--target", str(profile(MANUAL)), "--headed", "-s")
    result.assert_outcomes(passed=1)
    assert "captcha=manual" in target_line(result)
