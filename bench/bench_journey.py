#!/usr/bin/env python3
"""What the harness costs: the guide's journey (STEP 1-17) as the suite runs it, against a
bare Playwright script doing the same clicks, measured in one run of this script.

    .venv/bin/python bench/bench_journey.py [--repeat 3]

The suite side is `pytest features -k "<a STEP 4-5 scenario> or <the journey> or <a STEP 1
scenario>"` in a subprocess, collected in that order: the first pays for what a run pays
once (the browser launch, the portal's start) and the last for the session's teardown
(which pytest adds to the last test's), so the journey's JUnit time (setup + call + teardown: a
fresh context, the applicant, both clocks, every assertion and page object) is what each
scenario costs; the whole process (start-up, collection, all three) is given apart.
The bare side is this process: the same portal in-process, the same account and card made
through the control API, one Chromium with the suite's flags, the same clicks by the same
roles and labels, no page objects, no assertions beyond the waits the clicks need; it
knows which tab each field is on, as a script written for this one form would. Its
time counts from a new context to the 申請案號 on screen, then the case in 新申請案件 and
線上繳費 and the drafts list, as the journey's last checks (the browser launch is reported
apart). Runs alternate (suite, bare, suite, bare …) so a busy machine weighs on both."""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import sync_playwright

from harness.browser import launch_args
from harness.control import Control
from mock_portal.app import start_in_thread
from mock_portal.domain import catalog
from mock_portal.domain.passwords import FAST_COST
from mock_portal.policy import Policy

ROOT = Path(__file__).resolve().parent.parent

JOURNEY = "就業金卡已過期的外國人自行申請"
WARM_UP = "各角色的帳號從自己的登入頁登入"      # collected before the journey: the run's one-off costs land on it
COOL_DOWN = "入口網站顯示平臺名稱"              # collected after it: the session's teardown lands on it
ENTRY = "/coa-frontend/four-in-one/entry/main?lang=zh"
UI_NUMBER, BIRTH = "A800013146", "1990/05/17"
FORM = {   # the form's labels, as a person types them (STEP 13)
    "英文姓氏": "DOE", "英文名字": "JANE", "中文姓名": "杜珍", "出生日期(西元)": BIRTH, "性別": "女", "國籍": "美國",
    "現職": "Software engineer", "最高學歷": catalog.EDUCATION_LEVELS[-1], "婚姻狀況": catalog.MARITAL_STATUSES[0],
    "電子郵件": "jane.doe@example.com", "出生地點(國家)": "美國", "出生地點(市/州)": "Boston",
    "申請人母國地址": "1 Main Street, Boston", "申請人母國電話號碼": "+1 617 555 0100",
    "護照種類": catalog.PASSPORT_TYPES[0], "護照號碼": "X12345678", "護照發照日期": "2020/01/15",
    "護照效期截止日": "2030/01/14", "發照機關": "U.S. Department of State", "申請地點": catalog.IMMIGRATION_OFFICES[0],
    "在臺工作地址": "臺北市信義區市府路1號", "在臺聯絡地址": "臺北市大安區和平東路1段1號", "行動電話": "0912345678",
    "專長領域": "科技",
}
TABS = {   # which labels each tab holds, as a script for this one form knows
    "基本資料": ("英文姓氏", "英文名字", "中文姓名", "出生日期(西元)", "性別", "國籍", "現職", "最高學歷", "婚姻狀況",
             "電子郵件", "出生地點(國家)", "出生地點(市/州)", "申請人母國地址", "申請人母國電話號碼"),
    "護照資料": ("護照種類", "護照號碼", "護照發照日期", "護照效期截止日", "發照機關"),
    "居留申請": ("申請地點", "在臺工作地址", "在臺聯絡地址", "行動電話"),
    "領域專長": ("專長領域",),
}
SELECTS = {"性別", "國籍", "最高學歷", "婚姻狀況", "出生地點(國家)", "護照種類", "申請地點", "專長領域"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def suite_once(workdir: Path) -> tuple[float, float]:
    """(the journey scenario's JUnit time, the pytest process's wall time)."""
    junit = workdir / "journey.xml"
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "pytest", "features", "-k", f"{WARM_UP} or {JOURNEY} or {COOL_DOWN}",
                           "-p", "no:cacheprovider", "-p", "no:randomly", "-q", "--junitxml", str(junit)],
                          cwd=ROOT, capture_output=True, text=True)
    wall = time.monotonic() - started
    if done.returncode != 0:
        sys.exit(f"the suite's journey failed:\n{done.stdout[-3000:]}")
    names = [c.get("name", "").replace("_", "") for c in ET.parse(junit).getroot().iter("testcase")]
    journey = next((i for i, name in enumerate(names) if JOURNEY in name), None)
    if not journey or not all(WARM_UP in name for name in names[:journey]) or COOL_DOWN not in names[-1]:
        sys.exit(f"expected the warm-up scenarios, the journey, then the cool-down: {names}")
    return float(list(ET.parse(junit).getroot().iter("testcase"))[journey].get("time")), wall


def bare_once(browser, base_url: str, control: Control) -> float:
    """The journey's clicks, nothing else; seconds from a new context to the 申請案號."""
    control.reset()
    control.create_accounts({"account": "barejourney", "password": "Passw0rd1234", "email": "bare@example.com",
                             "role": "foreigner", "name": "Jane Doe"})
    today = control.now().date()
    control.create_cards({"ui_number": UI_NUMBER, "birth_date": "1990-05-17", "field": "科技",
                          "valid_from": (today - timedelta(days=3 * 365)).isoformat(),
                          "valid_until": (today - timedelta(days=30)).isoformat()})
    started = time.monotonic()
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="zh-TW", timezone_id="Asia/Taipei")
    page = context.new_page()
    page.goto(base_url + ENTRY)                                                    # STEP 1-2
    page.locator("#services").get_by_role("link", name="就業金卡", exact=True).click()
    page.get_by_role("button", name=re.compile(r"^\s*我要申請\s*登入系統\s*$")).click()  # STEP 3
    page.get_by_role("link", name="外國人自行申請", exact=True).click()              # STEP 4
    page.get_by_role("textbox", name="帳號", exact=True).fill("barejourney")       # STEP 5
    page.get_by_label("密碼", exact=True).fill("Passw0rd1234")
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies(base_url))
    page.get_by_role("textbox", name="驗證碼").fill(control.captcha(cookies))
    page.get_by_role("button", name="登入", exact=True).click()
    menu = page.get_by_role("navigation", name="主選單")                            # STEP 6-7
    menu.get_by_role("button", name="進度查詢", exact=True).click()
    menu.get_by_role("link", name="就業金卡申請或重新申請", exact=True).click()
    page.get_by_role("button", name="新增申請人").click()                           # STEP 8-9
    dialog = page.get_by_role("dialog", name="新增申請人")
    dialog.get_by_role("checkbox", name="同意", exact=True).check()
    dialog.get_by_role("combobox", name="是否現在或曾經持有就業金卡", exact=True).select_option(
        "是(曾經持有就業金卡但已過期)")                                               # STEP 10
    dialog.get_by_role("combobox", name="是否可提供原持有就業金卡統一證號資料", exact=True).select_option("是")
    dialog.get_by_role("textbox", name="統一證號", exact=True).fill(UI_NUMBER)
    dialog.get_by_role("textbox", name="出生日期", exact=True).fill(BIRTH)
    dialog.get_by_role("textbox", name="出生日期", exact=True).blur()
    dialog.get_by_role("combobox", name="您現在是否在中華民國境內申請", exact=True).select_option("是(境內申請)")
    dialog.get_by_role("radio", name="以免簽證方式入國", exact=True).check()         # STEP 11
    dialog.get_by_role("combobox", name="您是否具中華民國國籍", exact=True).select_option("否")
    dialog.get_by_role("button", name="確定", exact=True).click()
    declaration = page.get_by_role("dialog", name="系統使用聲明事項(就業金卡部分)")   # STEP 12
    declaration.get_by_role("checkbox", name="同意上述條款，請打勾。").check()
    declaration.get_by_role("button", name="確定", exact=True).click()
    for tab, labels in TABS.items():                                               # STEP 13
        page.get_by_role("tab", name=tab, exact=True).click()
        panel = page.get_by_role("tabpanel", name=tab, exact=True)
        for label in labels:
            if label in SELECTS:
                panel.get_by_label(label, exact=True).select_option(label=FORM[label])
            else:
                panel.get_by_label(label, exact=True).fill(FORM[label])
    page.get_by_label("申請資格", exact=True).select_option(index=1)
    page.get_by_role("tab", name="文件上傳", exact=True).click()                    # STEP 14
    for name in page.locator("#document-list .doc-name").all_inner_texts():
        page.get_by_label(name, exact=True).set_input_files({"name": f"{name}.png", "mimeType": "image/png",
                                                             "buffer": PNG})
    page.get_by_role("button", name="儲存", exact=True).click()
    page.get_by_role("dialog", name="儲存功能").get_by_role("button", name="確定").click()   # STEP 15
    page.get_by_role("button", name="送出", exact=True).click()                      # STEP 16
    number = page.get_by_label("申請案號", exact=True).inner_text()                  # STEP 17
    menu.get_by_role("link", name="待辦事項", exact=True).click()                   # the case, 待繳費
    page.get_by_role("region", name="新申請案件").get_by_role("row").filter(has_text=number.strip()).wait_for()
    menu.get_by_role("link", name="線上繳費", exact=True).click()                   # and in 線上繳費
    page.get_by_role("table").get_by_role("cell", name=number.strip(), exact=True).wait_for()
    menu.get_by_role("button", name="進度查詢", exact=True).click()                  # the draft is gone
    menu.get_by_role("link", name="就業金卡申請或重新申請", exact=True).click()
    page.get_by_role("heading", name="就業金卡暫存 - 列表").wait_for()
    elapsed = time.monotonic() - started
    context.close()
    if not (len(number.strip()) == 12 and number.strip().isdigit()):
        sys.exit(f"the bare journey ended without a 申請案號: {number!r}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="pairs of runs (suite, bare)")
    args = parser.parse_args(argv)
    running = start_in_thread(test_api=True, policy=Policy(password_cost=FAST_COST))
    control = Control(running.url)
    suite_scenario, suite_wall, bare = [], [], []
    load = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        launched = time.monotonic()
        browser = playwright.chromium.launch(**launch_args())
        launch = time.monotonic() - launched
        for i in range(args.repeat):
            scenario, wall = suite_once(Path(tmp))
            suite_scenario.append(scenario)
            suite_wall.append(wall)
            bare.append(bare_once(browser, running.url, control))
            print(f"run {i + 1}: suite scenario {scenario:.2f} s (process {wall:.1f} s), bare {bare[-1]:.2f} s",
                  flush=True)
        browser.close()
    running.stop()
    load.append(os.getloadavg()[0])
    median = statistics.median
    print(f"\nbrowser launch (bare side): {launch:.2f} s; load average {load[0]:.1f} -> {load[1]:.1f}")
    print(f"journey, suite scenario (median of {args.repeat}): {median(suite_scenario):.2f} s")
    print(f"journey, suite process incl. start-up and browser launch: {median(suite_wall):.2f} s")
    print(f"journey, bare Playwright script:                         {median(bare):.2f} s")
    print(f"ratio suite scenario / bare: {median(suite_scenario) / median(bare):.2f}")
    print(f"ratio suite process / (bare + browser launch): {median(suite_wall) / (median(bare) + launch):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
