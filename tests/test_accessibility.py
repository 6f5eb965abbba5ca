"""harness.accessibility without a browser: elements named by role and name from their
aria snapshot, findings compared with a baseline (known, new, fixed; only new serious or
critical ones fail), and the report and baseline files in the shape the issue asks for."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from harness.accessibility import (
    Element,
    Finding,
    StepAudit,
    baseline_of,
    compare,
    failure_lines,
    read_baseline,
    report,
    role_and_name,
    write_json,
)
from pages.components import labelled


def finding(rule="label", impact="critical", role="textbox", name="", selector="#passport_number") -> Finding:
    return Finding(rule, impact, "Form elements must have labels", Element(role, name, selector))


@pytest.mark.parametrize(("snapshot", "expected"), [
    ('- button "確定"', ("button", "確定")),
    ("- textbox", ("textbox", "")),
    ('- combobox "是否現在或曾經持有就業金卡":\n  - option "否"', ("combobox", "是否現在或曾經持有就業金卡")),
    ('- link "a \\"quoted\\" name"', ("link", 'a "quoted" name')),
    ("- text: 護照號碼", ("", "")),
    ("", ("", "")),
])
def test_role_and_name_from_the_first_line_of_an_aria_snapshot(snapshot, expected):
    assert role_and_name(snapshot) == expected


def test_without_a_baseline_every_finding_is_new_and_serious_ones_fail():
    audit = StepAudit(13, [finding(), finding("region", "moderate", "", "", "div.x")])
    result = compare(audit, None)
    assert result.known == [] and result.fixed == [] and len(result.new) == 2
    assert [f.rule for f in result.failing] == ["label"]


def test_known_findings_do_not_fail_and_gone_ones_are_fixed():
    known, gone = finding(name="護照號碼"), finding("image-alt", "critical", "img", "", "img.logo")
    result = compare(StepAudit(13, [finding(name="護照號碼", selector="#moved")]), [known, gone])
    assert [f.element.name for f in result.known] == ["護照號碼"], "same rule and named element: the path may move"
    assert result.new == [] and result.failing == []
    assert [f.rule for f in result.fixed] == ["image-alt"]


def test_an_unnamed_element_is_matched_by_its_path():
    before = [finding(selector="#a")]
    assert compare(StepAudit(13, [finding(selector="#a")]), before).new == []
    assert len(compare(StepAudit(13, [finding(selector="#b")]), before).new) == 1


@pytest.mark.parametrize("impact", ["minor", "moderate"])
def test_a_new_minor_or_moderate_finding_is_reported_but_does_not_fail(impact):
    result = compare(StepAudit(3, [finding("region", impact)]), [])
    assert len(result.new) == 1 and result.failing == []


def test_failure_lines_name_the_step_rule_impact_and_element():
    audits = {9: StepAudit(9, []), 13: StepAudit(13, [finding()])}
    comparisons = {n: compare(a, []) for n, a in audits.items()}
    assert failure_lines(audits, comparisons) == [
        "STEP 13: 1 new accessibility violation(s): label (critical) on textbox without a name"]


def test_the_report_has_every_audited_step_with_an_empty_list_when_clean(tmp_path):
    audits = {n: StepAudit(n, [finding()] if n == 13 else [], 0.25) for n in range(1, 18)}
    audits[13].label_fallback = ["「護照號碼」 has no accessible name: found by the text beside it"]
    data = report("bundled", audits, {n: compare(a, None) for n, a in audits.items()}, baseline_found=False)
    assert data["target"] == "bundled"
    assert sorted(data["steps"], key=int) == [str(n) for n in range(1, 18)]
    assert data["steps"]["1"]["violations"] == []
    assert data["steps"]["13"]["violations"] == [{"rule": "label", "impact": "critical",
                                                  "help": "Form elements must have labels",
                                                  "elements": [{"role": "textbox", "name": "",
                                                                "selector": "#passport_number"}]}]
    assert data["steps"]["13"]["label_fallback"] and data["steps"]["13"]["seconds"] == 0.25
    assert "floor, not a certificate" in data["note"]


def test_an_approved_baseline_reads_back_as_the_same_findings(tmp_path):
    audits = {13: StepAudit(13, [finding(), finding(name="行動電話", selector="#mobile")]), 9: StepAudit(9, [])}
    path = tmp_path / "baselines" / "bundled" / "accessibility.json"
    write_json(path, baseline_of(audits, "bundled"))
    back = read_baseline(path)
    assert back == {9: [], 13: audits[13].findings}
    assert all(compare(audits[n], back[n]).new == [] for n in audits)


def test_no_baseline_file_is_none_not_empty(tmp_path):
    assert read_baseline(tmp_path / "accessibility.json") is None


class FakeScreen:
    """What unnamed_on_screen asks of a page: how many elements have a label's text."""

    def __init__(self, *texts: str) -> None:
        self.texts = texts

    def get_by_text(self, pattern):
        return SimpleNamespace(count=lambda: sum(bool(pattern.match(t)) for t in self.texts))


def test_a_label_fallback_finding_goes_with_the_screen_that_holds_the_control(monkeypatch):
    """The walk fills the form before STEP 1 (for STEP 8's draft): its findings belong to the
    form's steps, not to the first step audited after them."""
    monkeypatch.setattr(labelled, "_UNNAMED", ["護照號碼", "行動電話", "護照號碼"])
    assert labelled.unnamed_on_screen(FakeScreen("外國專業人才申辦窗口平臺", "就業金卡")) == []
    assert labelled.unnamed_on_screen(FakeScreen("* 護照號碼：", "姓")) == [
        "「護照號碼」 has no accessible name: found by the text beside it"]
    assert labelled.take_findings() == ["「護照號碼」 has no accessible name: found by the text beside it",
                                        "「行動電話」 has no accessible name: found by the text beside it"]
    assert labelled.take_findings() == []
