"""The guide suite against a portal that is not its own: the bundled portal's staging mode
(no control API, a seeded world, a fixed captcha), reached only through
`--target examples/staging.toml`. Two inner runs, each on a fresh staging portal:

- the suite with destructive allowed, but for the screenshot walk: the journey, the
  eligibility classes, the login refusals, the form checks and the drafts scenarios run,
  the rest are skipped naming what they need; every account has as many drafts after the
  run as before (the clean-up), and the run's summary has the counts below;
- the screenshot walk alone, once with 「送出」 allowed (17 captures, compared with the
  staging baselines) and once without (it stops after STEP 16 and says why).

The walk runs on its own portal because STEP 7 shows the account's earlier applications:
on a portal where the journey already submitted one, that screen is not the baseline's."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from mock_portal.app import start_in_thread
from mock_portal.domain.passwords import FAST_COST
from mock_portal.policy import Policy

ROOT = Path(__file__).resolve().parent.parent
PROFILE = "examples/staging.toml"
MAILDEV_URL = "http://127.0.0.1:1080"
SEED = ROOT / "examples" / "staging-seed.toml"
WALK = "依指南重拍"
RUN_TIMEOUT_S = 900

# What the staging profile lacks, and how many scenarios each lack skips (a scenario that
# lacks two counts under both): the features' tags decide these, so a change of tags shows here.
EXPECTED_SKIPS = {"needs-clock": 14, "needs-fresh-card": 10, "needs-changing-captcha": 1}
EXPECTED_RAN = 49
CHECKED = ("STEP 1", "STEP 8", "STEP 10", "STEP 13", "STEP 16", "STEP 17", "R-RENEW-EXPIRED", "R-RENEW-VALID",
           "R-RENEW-NOMATCH", "R-EXTEND-WINDOW", "R-CARRY-DOCS", "R-ARCH-ALL", "R-HOUSEHOLD", "R-ROLE",
           "R-REQUIRED", "R-EMAIL-CN", "R-UPLOAD", "R-SUBMIT", "R-DRAFT-30", "R-LOGIN-CAPTCHA", "R-LOGIN-LOCK",
           "R-REGISTER")
PARTLY = ("R-PASSWORD-AGE", "R-SESSION-30", "R-DRAFT-30")   # their notices, not their behaviour
# What the scenarios that register an account (R-REGISTER, and those that lock or reset
# their own account) sent through MailDev: one confirmation per registration, one more for
# 「重發認證信」, one new password.
MAILED_SUBJECTS = {"外國專業人才申辦窗口平臺 帳號認證信": 6, "外國專業人才申辦窗口平臺 新密碼通知": 1}


@pytest.fixture
def staging_portal():
    running = start_in_thread(staging=SEED, policy=Policy(password_cost=FAST_COST))
    yield running
    running.stop()


@pytest.fixture
def staging_portal_with_mail(maildev):
    """The staging mode, sending its mail to this run's MailDev."""
    running = start_in_thread(staging=SEED, policy=Policy(password_cost=FAST_COST), smtp=maildev.smtp)
    yield running
    running.stop()


def profile_for(maildev, tmp_path: Path) -> Path:
    """examples/staging.toml, its [mail] pointed at this run's MailDev (on a port of its own)."""
    text = (ROOT / PROFILE).read_text(encoding="utf-8")
    assert MAILDEV_URL in text, f"{PROFILE} no longer reads its mail at {MAILDEV_URL}"
    profile = tmp_path / "staging.toml"
    profile.write_text(text.replace(MAILDEV_URL, maildev.url), encoding="utf-8")
    return profile


def run_suite(portal, tmp_path: Path, *args: str, profile: Path | str = PROFILE
              ) -> tuple[subprocess.CompletedProcess, dict, dict]:
    junit, summary_file = tmp_path / "junit.xml", tmp_path / "summary.json"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "features", "--target", str(profile), "--base-url", portal.url,
         "-p", "no:randomly", "-p", "no:cacheprovider", "-q", "-rs", f"--junitxml={junit}",
         "--summary-json", str(summary_file), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=RUN_TIMEOUT_S,
        env={**os.environ, "PYTEST_ADDOPTS": ""})
    summary = json.loads(summary_file.read_text(encoding="utf-8"))
    properties = {p.get("name"): p.get("value") for p in ET.parse(junit).iter("property")}
    return done, summary, properties


def drafts_by_account(portal) -> dict[str, int]:
    return {account: len(portal.portal.store.drafts(account)) for account in ACCOUNTS}


def compared(done: subprocess.CompletedProcess) -> None:
    """Skip, saying so, where this machine's Chromium or fonts are not the baselines' own."""
    if "taken with another set-up" in done.stdout or "there are no baselines for" in done.stdout:
        line = next(x for x in done.stdout.splitlines() if "Screens not compared" in x)
        pytest.skip(line.strip())


def sign_ins(output: str) -> tuple[int, int]:
    """(logins through the login page, kept states restored) from the run's sign-ins line."""
    line = next((x for x in output.splitlines() if x.startswith("sign-ins: ")), "")
    counts = {way: int(n) for n, way in re.findall(r"(\d+) (?:through the |by the )?(login page|restored)", line)}
    assert "restore failed" not in line, line
    return counts.get("login page", 0), counts.get("restored", 0)


ACCOUNTS = ("qa-foreigner-01", "qa-foreigner-02", "qa-foreigner-03", "qa-employer-01", "qa-agency-01")


@pytest.mark.browser
@pytest.mark.timeout(RUN_TIMEOUT_S + 60)
def test_the_suite_runs_on_staging_through_its_profile_and_leaves_it_as_found(staging_portal_with_mail, maildev,
                                                                               tmp_path):
    staging_portal = staging_portal_with_mail
    maildev.clear()                 # the run's MailDev is shared with this worker's other mail tests
    before = drafts_by_account(staging_portal)
    done, summary, properties = run_suite(staging_portal, tmp_path, "-n", "2", "--allow-destructive",
                                          "-k", f"not {WALK}", profile=profile_for(maildev, tmp_path))
    output = done.stdout[-6000:]
    assert done.returncode == 0, output
    assert summary["target"] == "staging"
    assert summary["failed"] == 0, output
    assert summary["ran"] == EXPECTED_RAN, output
    assert summary["skipped_by_need"] == EXPECTED_SKIPS, output
    verdicts = {v["key"]: v for v in summary["verdicts"]}
    assert {key: verdicts[key]["verdict"] for key in CHECKED} == dict.fromkeys(CHECKED, "checked")
    for key in PARTLY:
        assert verdicts[key]["verdict"] == "checked", verdicts[key]
        assert "only the bundled portal's control API offers it" in " ".join(verdicts[key]["why"]), verdicts[key]
    assert properties["guide_target"] == "staging" and properties["guide_ran"] == str(EXPECTED_RAN)
    assert properties["guide_R-REGISTER"].startswith("checked")
    subjects = Counter(m["subject"] for m in maildev.messages())
    assert subjects == MAILED_SUBJECTS, "the mail scenarios did not all go through MailDev"
    assert "needs the portal's clock (moving time)" in done.stdout, "a skip does not name what it needs"
    through_login, restored = sign_ins(done.stdout)
    assert restored >= 20 and through_login <= 6, f"not reused: {through_login} logins, {restored} restored"
    assert drafts_by_account(staging_portal) == before, "the run left drafts behind"
    submitted = staging_portal.portal.store.applications
    assert sum(len(submitted(a)) for a in ACCOUNTS) == 2, "only the journey and the carried documents may 「送出」"


@pytest.mark.browser
@pytest.mark.timeout(RUN_TIMEOUT_S + 60)
@pytest.mark.parametrize("destructive", [True, False], ids=["送出 allowed", "送出 not allowed"])
def test_the_screenshot_walk_runs_on_staging(staging_portal, tmp_path, destructive):
    before = drafts_by_account(staging_portal)
    allow = ["--allow-destructive"] if destructive else []
    done, summary, _ = run_suite(staging_portal, tmp_path, "-k", WALK, *allow)
    compared(done)
    assert done.returncode == 0, done.stdout[-6000:]
    assert summary["ran"] == 1 and summary["passed"] == 1, done.stdout[-6000:]
    step17 = next(v for v in summary["verdicts"] if v["key"] == "STEP 17")
    if destructive:
        assert "17 captures" in done.stdout and "same 17" in done.stdout, done.stdout[-3000:]
        assert step17["verdict"] == "checked"
    else:
        assert "16 captures" in done.stdout and "same 16" in done.stdout, done.stdout[-3000:]
        assert step17["verdict"] == "not checkable"
        assert "allow.destructive = false" in " ".join(step17["why"])
    assert drafts_by_account(staging_portal) == before, "the walk left its drafts behind"
