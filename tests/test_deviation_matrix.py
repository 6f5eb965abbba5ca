"""The deviation matrix (harness/deviation_matrix.py), bounded for CI: its verdict logic on
made-up runs, and three representative deviations, each run against the scenarios that
should catch it plus a few bystanders that must still pass. The full matrix, every
deviation against the whole suite, is the script's job (docs/deviation-matrix.md)."""

from __future__ import annotations

import pytest

from harness import deviation_matrix as matrix
from mock_portal.deviations import DEVIATIONS

# Entry scenarios (STEP 1-2) that walk no further: they must pass whatever the deviation.
BYSTANDERS = "((step-1 or step-2) and not step-5)"
# Each representative deviation with the scenarios run against it (kept few for CI time):
# the ones of its rule or screen, without the long journey where others cover the rule.
REPRESENTATIVE = {
    "r-login-lock-six": "r-login-lock",
    "r-session-30-sixty": "r-session-30 and not journey",
    "screen-missing-dropdown-item": "journey",      # the only scenario that opens 「就業金卡申請或重新申請」
    "r-login-lock-four": "r-login-lock",            # the allowing side: the 4th wrong password must not lock
}

def scenario(name: str, outcome: str, *tags: str):
    return matrix.Scenario(name, frozenset(tags), outcome)


def made_up_run(*scenarios) -> object:
    return matrix.Run("r-login-lock-six", list(scenarios), 1.0, 1)


def test_caught_when_only_scenarios_of_the_rule_fail():
    run = made_up_run(scenario("lock", "failed", "r-login-lock", "step-5"), scenario("entry", "passed", "step-1"))
    assert matrix.judge(DEVIATIONS["r-login-lock-six"], run).caught


def test_not_caught_when_nothing_fails():
    run = made_up_run(scenario("lock", "passed", "r-login-lock"), scenario("entry", "passed", "step-1"))
    verdict = matrix.judge(DEVIATIONS["r-login-lock-six"], run)
    assert not verdict.caught and verdict.note == "no scenario failed"
    assert [s.name for s in verdict.tagged_passed] == ["lock"]


def test_not_caught_when_a_scenario_of_another_rule_fails_too():
    run = made_up_run(scenario("lock", "failed", "r-login-lock"), scenario("drafts", "failed", "r-draft-30"))
    verdict = matrix.judge(DEVIATIONS["r-login-lock-six"], run)
    assert not verdict.caught
    assert [s.name for s in verdict.wrong] == ["drafts"]


def test_the_screenshot_comparison_may_fail_besides_but_not_alone():
    visual = scenario("screenshots", "failed", "screenshots", "step-1", "step-6")
    rule = scenario("countdown", "failed", "r-session-30", "step-6")
    assert matrix.judge(DEVIATIONS["r-session-30-sixty"], made_up_run(rule, visual)).caught
    alone = matrix.judge(DEVIATIONS["r-session-30-sixty"], made_up_run(visual, scenario("x", "passed", "step-1")))
    assert not alone.caught and "only the screenshot" in alone.note


def test_the_walk_alone_catches_only_through_its_label_check():
    pixels = matrix.Scenario("walk", frozenset({"screenshots", "step-3"}), "failed", "AssertionError: changed",
                             "the guide's screens changed:\nSTEP 3: 1204 pixels differ")
    label = matrix.Scenario("walk", frozenset({"screenshots", "step-3"}), "failed", "AssertionError: changed",
                            "STEP 3: the guide's label 「台灣就業金卡網站」 is not on the screen; did you mean …")
    deviation = DEVIATIONS["screen-renamed-website-link"]
    by_pixels = matrix.judge(deviation, made_up_run(pixels))
    assert not by_pixels.caught and by_pixels.caught_by == "only the screenshot comparison"
    by_label = matrix.judge(deviation, made_up_run(label))
    assert by_label.caught and by_label.caught_by == "the walk's label check"


def test_the_walks_audit_catches_only_when_it_fails_exactly_the_steps_the_deviation_changes():
    def walk(detail: str):
        return made_up_run(matrix.Scenario("walk", frozenset({"screenshots", "step-13", "step-14"}), "failed",
                                           "AssertionError: accessibility", detail))
    deviation = DEVIATIONS["screen-unlabelled-surname"]
    right = matrix.judge(deviation, walk("accessibility (WCAG 2.1 A/AA, axe-core):\n"
                                         "STEP 13: 1 new accessibility violation(s): label (critical) on textbox"))
    assert right.caught and right.caught_by == "the walk's accessibility audit (step-13)"
    too_wide = matrix.judge(deviation, walk("STEP 13: 1 new accessibility violation(s): label\n"
                                            "STEP 14: 2 new accessibility violation(s): label"))
    assert matrix.judge(deviation, walk("STEP 13: 1 new accessibility violation(s): label\n"
                                        "STEP 15: 1 new accessibility violation(s): label")).caught
    assert not too_wide.caught and "step-14" in too_wide.note


def test_caught_by_counts_the_functional_scenarios_only():
    run = made_up_run(scenario("lock", "failed", "r-login-lock"),
                      scenario("walk", "failed", "screenshots", "step-5"))
    assert matrix.judge(DEVIATIONS["r-login-lock-six"], run).caught_by == "1 tagged scenario(s)"


def test_merge_keeps_the_rows_not_run_now_in_todays_columns(tmp_path):
    earlier = tmp_path / "matrix.md"
    earlier.write_text(
        "| deviation | what | tags | failed | caught | scenarios that failed | began (UTC) |\n"
        "|---|---|---|---|---|---|---|\n"
        "| `r-login-lock-six` | six | `@r-login-lock` | 2 | yes | a<br>依指南重拍_17_張截圖 | 2026-12-01 04:45 |\n"
        "| `r-role-any-login-page` | any | `@r-role` | 1 | yes | b | 2026-12-01 03:59 |\n", encoding="utf-8")
    kept = matrix.kept_rows(earlier, {"r-role-any-login-page"})
    assert list(kept) == ["r-login-lock-six"]
    assert " | yes | 1 tagged scenario(s) | a<br>依指南重拍_17_張截圖 | " in kept["r-login-lock-six"]
    again = tmp_path / "again.md"
    again.write_text("\n".join(kept.values()) + "\n", encoding="utf-8")
    assert matrix.kept_rows(again, set()) == kept, "a merged row must survive the next merge unchanged"


def test_a_screen_deviation_is_caught_by_the_steps_that_walk_it():
    run = made_up_run(scenario("form", "failed", "step-13", "r-required"), scenario("entry", "passed", "step-1"))
    assert matrix.judge(DEVIATIONS["screen-renamed-label"], run).caught        # STEP 8 leads to 9-17
    assert not matrix.judge(DEVIATIONS["screen-missing-dropdown-item"], run).caught


def test_junit_reports_are_read_with_tags_and_errors(tmp_path):
    report = tmp_path / "run.xml"
    report.write_text("""<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest">
      <testcase classname="features.test_guide" name="test_a"><properties>
        <property name="tags" value="r-login-lock step-5"/></properties><failure message="boom&#10;more"/></testcase>
      <testcase classname="features.test_guide" name="test_b"><error message="setup failed"/></testcase>
      <testcase classname="features.test_guide" name="test_c"><skipped message="no"/></testcase>
      <testcase classname="features.test_guide" name="test_d"/>
    </testsuite></testsuites>""", encoding="utf-8")
    found = {s.name: s for s in matrix.read_junit(report)}
    assert found["test_a"].outcome == "failed" and found["test_a"].tags == {"r-login-lock", "step-5"}
    assert found["test_a"].message == "boom"
    assert found["test_b"].outcome == "failed" and found["test_c"].outcome == "skipped"
    assert found["test_d"].outcome == "passed" and found["test_d"].tags == frozenset()


def test_a_kept_report_says_when_its_run_began_in_utc(tmp_path):
    (tmp_path / "r-login-lock-six.xml").write_text(
        '<testsuites><testsuite name="pytest" time="155.2" timestamp="2026-12-01T12:20:05.1+08:00">'
        '<testcase classname="features.test_guide" name="test_a"><failure message="x"/></testcase>'
        '</testsuite></testsuites>', encoding="utf-8")
    run = matrix.load_run("r-login-lock-six", tmp_path)
    assert (run.started, run.seconds, len(run.failed)) == ("2026-12-01 04:20", 155.2, 1)
    assert matrix.load_run("r-session-30-sixty", tmp_path) is None


@pytest.mark.browser
@pytest.mark.timeout(900)
@pytest.mark.parametrize("name", REPRESENTATIVE)
def test_the_suite_catches_a_representative_deviation(name, tmp_path):
    deviation = DEVIATIONS[name]
    select = f"({REPRESENTATIVE[name]}) or {BYSTANDERS}"
    run = matrix.run_suite(name, tmp_path, workers=2, select=select, timeout=800)
    verdict = matrix.judge(deviation, run)
    failed = ", ".join(f"{s.name} {sorted(s.tags)}" for s in run.failed)
    assert verdict.caught, f"{name}: {verdict.note}; failed: {failed or 'none'}\n{run.output[-3000:]}"
    bystanders = [s for s in run.scenarios if not set(deviation.tags) & s.tags]
    assert bystanders and all(s.outcome == "passed" for s in bystanders), "a bystander failed or none ran"
