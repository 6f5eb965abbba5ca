"""The guide's screenshots (features/guide_screenshots.feature): pin time and Faker, then
after each guide step capture the screen with the guide's red box around what it marks,
and at the end fail once for every step whose screen changed. The few actions the journey
phrases do in one go (open the menu and choose, tick and confirm) are
split here, because the guide's picture is taken between the two halves."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from pytest_bdd import given, parsers, then, when

from harness.accessibility import step_lines
from harness.aria import parse as parse_screen
from harness.guide.conformance import check_step
from harness.guide_index import STEPS
from harness.screenshot_plugin import ACCESSIBILITY_REPORT, remember_audit, remember_shot
from harness.screenshots import (
    capture,
    draw_highlights,
    locate_all,
    pin_clocks,
    pin_faker,
    read_screen,
    remove_highlights,
)
from pages.application_form import ApplicationForm
from pages.components.labelled import unnamed_on_screen
from pages.components.signed_in_bar import SignedInBar
from pages.declaration_dialog import DeclarationDialog
from pages.done import DonePage
from pages.entry import EntryPage
from pages.home import HomePage
from pages.login import LoginPage
from pages.preview import PreviewPage

from .application_steps import check_application_number

LABEL = re.compile(r"「([^」]+)」")
VARYING_DATES = ("護照發照日期", "護照效期截止日")   # Faker's, counted back from the machine's date


def variable_parts(page, target, applicant) -> list:
    """What differs between two captures, masked by what it is on the screen. With the
    bundled portal's clocks and Faker pinned, only the captcha; on another target also the
    countdown, the user's name, dates, the 申請案號, bulletin rows and earlier applications."""
    parts = [LoginPage(page).captcha_image]
    if target.bundled:
        return parts
    bar, entry, home, preview = SignedInBar(page), EntryPage(page), HomePage(page), PreviewPage(page)
    parts += [bar.countdown, page.get_by_role("banner").get_by_text(applicant.name, exact=True),
              entry.bulletin.get_by_role("row").filter(has_not=page.get_by_role("columnheader")),
              home.news.get_by_role("row").filter(has_not=page.get_by_role("columnheader")),
              home.case_rows.filter(has_not=page.get_by_role("columnheader")),
              DonePage(page).application_number]
    parts += [preview.value(label) for label in VARYING_DATES]
    return parts


@given("截圖用的時間與申請人資料固定不變")
def _(request, faker, target):
    """Faker and the account on every target; the clocks where the harness holds them
    (the bundled portal)."""
    if target.bundled:
        pin_clocks(request.getfixturevalue("clocks"))
    pin_faker(faker)
    request.getfixturevalue("provisioner").pin()     # after the clocks: it dates applicants by them


@when("我展開「進度查詢」下拉式選單")
def _(page):
    bar = SignedInBar(page)
    bar.open_progress_menu()
    expect(bar.progress_button, "STEP 7: 「進度查詢」 did not open its dropdown").to_have_attribute(
        "aria-expanded", "true")


@when(parsers.parse("我在展開的下拉式選單點選「{item}」"))
def _(page, item):
    bar = SignedInBar(page)
    expect(bar.item(item), f"STEP 7: the dropdown has no item 「{item}」").to_be_visible()
    bar.choose(item)


@when("我勾選「同意上述條款，請打勾。」")
def _(page):
    declaration = DeclarationDialog(page)
    expect(declaration.dialog, "STEP 12: the declaration did not open").to_be_visible()
    declaration.agree.check()


@when(parsers.parse("我點選「{tab}」頁籤"))
def _(page, tab):
    ApplicationForm(page).open_tab(tab)


@when("我在目標允許時點選「送出」")
def _(page, target, guide_screenshots):
    """STEP 16's 「送出」 files an application: on a target whose profile does not allow
    that, the walk ends after STEP 16's capture and says why STEP 17 is missing."""
    if not target.allow.destructive:
        guide_screenshots.stop_before(17, f"「送出」 files an application, and {target.name} does not allow it "
                                          f"(allow.destructive = false in {target.source})")
        return
    PreviewPage(page).submit()


@then(parsers.parse("送出後畫面顯示 {digits:d} 位數的申請案號"))
def _(request, page, target, guide_screenshots, digits):
    if not guide_screenshots.stopped_before(17):
        check_application_number(request, page, target, digits)


@then(parsers.re(r"指南 STEP (?P<step>\d+) 的截圖標示(?P<labels>(?:「[^」]+」)+)"))
def _(request, page, target, applicant, guide, guide_screenshots, guide_accessibility, step, labels):
    """Capture the step's screen with the marks drawn, then read it by role and name and
    judge there every label the guide (--guide, else the shipped model) quotes for it, and
    audit its accessibility (without the marks, which are ours)."""
    step, labels = int(step), LABEL.findall(labels)
    assert step in STEPS, f"the guide has STEP 1 to STEP {len(STEPS)}, not STEP {step}"
    if guide_screenshots.stopped_before(step):
        return
    page.mouse.move(0, 0)                  # no hover effect left over from the last click
    found = locate_all(page, labels)
    draw_highlights(page, list(found.values()))
    try:
        shot = capture(page, variable_parts(page, target, applicant))
    finally:
        remove_highlights(page)
    screen = read_screen(page)
    quoted = guide.step_titled(STEPS[step].title) or guide.step(step)   # a revised guide may renumber
    verdicts = check_step(quoted, parse_screen(screen)) if quoted else []
    missing = [label for label, element in found.items() if element is None]
    record = guide_screenshots.record(step, labels, shot, missing, screen=screen, verdicts=verdicts)
    remember_shot(request, record, shot.png)
    audited = guide_accessibility.audit(page, step, unnamed_on_screen(page))
    remember_audit(request, step, step_lines(audited, guide_accessibility.comparison(step)))


@then("每個步驟都沒有新的嚴重無障礙問題")
def _(pytestconfig, guide_screenshots, guide_accessibility):
    """Every screen the walk reached was audited; a violation at impact serious or critical
    that the target's baseline does not list fails its step (reports/accessibility.json)."""
    failing = guide_accessibility.finish(pytestconfig.rootpath / ACCESSIBILITY_REPORT)
    unaudited = [f"STEP {n}: not audited" for n in STEPS
                 if n not in guide_accessibility.audits and not guide_screenshots.stopped_before(n)]
    assert not unaudited + failing, "accessibility (WCAG 2.1 A/AA, axe-core):\n" + "\n".join(unaudited + failing)


@then("每個步驟的截圖都與核准的基準圖相同")
def _(guide_screenshots):
    run = guide_screenshots
    run.checked = True
    if run.settings.update:
        run.approve([n for n in STEPS if not run.stopped_before(n)])
        return
    if run.mismatch:
        pytest.skip(run.mismatch)
    problems = [f"STEP {n}: no capture was taken" for n in STEPS
                if n not in run.shots and not run.stopped_before(n)] + run.problems()
    assert not problems, "the guide's screens changed:\n" + "\n".join(problems)
