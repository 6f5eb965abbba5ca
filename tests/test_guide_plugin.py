"""harness.guide_plugin without a browser: the tag description, the tag scan of a features
folder, the trace path and failure text, and (in a pytest subprocess with a fake page)
where the Allure attachments land: inside the Gherkin step, not on the test."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from harness.guide_plugin import (
    describe_tags,
    failure_text,
    feature_tags,
    report_path,
    scenario_tags,
    trace_file,
)

# --- describe_tags ----------------------------------------------------------------------


def test_describe_tags_orders_guide_steps_by_number_and_upper_cases_rules():
    tags = {"step-10", "step-2", "r-session-30", "r-draft-30", "journey", "needs-control"}
    assert describe_tags(tags) == "guide STEP 2, STEP 10; rules R-DRAFT-30, R-SESSION-30"


def test_describe_tags_with_only_steps_or_only_rules():
    assert describe_tags({"step-7"}) == "guide STEP 7"
    assert describe_tags({"r-submit"}) == "rules R-SUBMIT"


def test_describe_tags_without_guide_tags():
    assert describe_tags(set()) == "no guide step or rule tags"
    assert describe_tags({"journey", "destructive", "steps-3", "step-x", "R-UPPER"}) == "no guide step or rule tags"


# --- feature_tags ---------------------------------------------------------------------------


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def test_feature_tags_reads_every_tag_line_of_every_feature(tmp_path):
    write(tmp_path, "a.feature", """
        # language: zh-TW
        @needs-control @step-8
        功能: 暫存
          @step-13 @r-draft-30
          場景: 編輯
            當 我按「儲存」
          場景大綱: 大綱
            當 我輸入 <值>
            @r-renew-valid
            例子: 有效
              | 值 |
              | 1  |
        """)
    write(tmp_path, "b.feature", """
        @journey
        Feature: other
          Scenario: s
            When I type an address like someone@example.org
        """)
    assert feature_tags(tmp_path) == {"needs-control", "step-8", "step-13", "r-draft-30", "r-renew-valid", "journey"}


def test_feature_tags_ignores_other_files_and_text_that_is_not_a_tag_line(tmp_path):
    write(tmp_path, "notes.txt", "@not-a-feature\n")
    write(tmp_path, "c.feature", """
        功能: 沒有標籤
          說明裡提到 @not-a-tag
          場景: s
            當 我寄信到 x@y.org
        """)
    assert feature_tags(tmp_path) == set()


def test_feature_tags_of_an_empty_folder(tmp_path):
    assert feature_tags(tmp_path) == set()


def test_the_real_features_have_guide_step_tags():
    tags = feature_tags()
    assert "step-1" in tags and "step-17" in tags


class Tagged:
    def __init__(self, *tags: str) -> None:
        self.tags = set(tags)


class Marker:
    def __init__(self, name: str) -> None:
        self.name = name


class Item:
    def __init__(self, *markers: str) -> None:
        self.markers = [Marker(m) for m in markers]

    def iter_markers(self):
        return iter(self.markers)


def test_scenario_tags_joins_feature_scenario_and_examples_tags():
    item = Item("r-renew-valid", "parametrize", "step-8")   # an Examples block's tag reaches only the markers
    assert scenario_tags(item, Tagged("step-8", "needs-control"), Tagged("step-10")) == {
        "step-8", "needs-control", "step-10", "r-renew-valid", "parametrize"}


# --- trace path and failure text -----------------------------------------------------------


@pytest.mark.parametrize("tracing", ["on", "retain-on-failure"])
def test_trace_file_when_tracing_keeps_it(tracing):
    assert trace_file("reports/playwright/t", tracing) == str(Path("reports/playwright/t/trace.zip"))


@pytest.mark.parametrize("tracing", ["off", None])
def test_no_trace_file_without_tracing(tracing):
    assert trace_file("reports/playwright/t", tracing) is None


def test_report_path_is_relative_inside_the_start_folder_and_absolute_outside(tmp_path):
    inside = tmp_path / "reports" / "playwright" / "t"
    assert report_path(inside, tmp_path) == str(Path("reports/playwright/t"))
    outside = tmp_path.parent / "elsewhere"
    assert report_path(outside, tmp_path) == str(outside.resolve())


def test_failure_text_names_guide_step_rule_step_url_and_trace():
    text = failure_text({"step-6", "r-session-30"}, "登入逾時", "30 分鐘後登出", "那麼 我被登出",
                        "http://127.0.0.1:8080/login", "reports/playwright/t/trace.zip")
    assert text.splitlines() == [
        "guide STEP 6; rules R-SESSION-30",
        "feature: 登入逾時",
        "scenario: 30 分鐘後登出",
        "failed at: 那麼 我被登出",
        "page URL: http://127.0.0.1:8080/login",
        "trace: reports/playwright/t/trace.zip  "
        "(open: .venv/bin/playwright show-trace reports/playwright/t/trace.zip)",
    ]
    untraced = failure_text(set(), "f", "s", "當 x", "(no page open)", None)
    assert untraced.splitlines()[-1].startswith("trace: not recorded")
    assert "--tracing=retain-on-failure" in untraced


# --- where the Allure attachments land (a pytest subprocess, a fake page) -------------------

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
       b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

DEMO_FEATURE = """
    # language: zh-TW
    @step-3 @r-demo
    功能: 示範
      場景: 每一步都有畫面
        假如 還沒有開啟頁面
        當 我開啟頁面
        那麼 頁面還在

      @step-5
      場景: 第二步失敗
        當 我開啟頁面
        那麼 這一步失敗

      場景: 檢查接著檢查
        當 我開啟頁面
        那麼 頁面還在
        而且 頁面還在
        當 我開啟頁面
        那麼 頁面還在

      場景: 畫面拍不到
        當 畫面拍不到
        那麼 頁面還在
    """

DEMO_CONFTEST = f"""
    import pytest
    from pytest_bdd import given, then, when

    pytest_plugins = ["harness.guide_plugin"]


    class FakePage:
        url = "http://127.0.0.1:9/demo"
        broken = False

        def screenshot(self, **kwargs):
            if self.broken:
                raise RuntimeError("Target page, context or browser has been closed")
            return {PNG!r}


    @pytest.fixture
    def output_path(request):
        return "out/" + request.node.name


    @pytest.fixture
    def page(output_path):           # as pytest-playwright's page depends on it
        return FakePage()


    @given("還沒有開啟頁面")
    def no_page():
        pass


    @when("我開啟頁面")
    def open_page(page):
        pass


    @then("頁面還在")
    def page_still_there(page):
        pass


    @when("畫面拍不到")
    def cannot_shoot(page):
        page.broken = True


    @then("這一步失敗")
    def step_fails(page):
        raise AssertionError("故意失敗")
    """


SUBPROCESS_TIMEOUT = 240   # a loaded CI machine takes its time to start pytest


@pytest.fixture(scope="module")
def run_demo(tmp_path_factory):
    """Run the demo feature under pytest with --alluredir; return (output, results by name)."""

    runs: dict[tuple[str, ...], tuple[str, dict[str, dict]]] = {}

    def run(*args: str) -> tuple[str, dict[str, dict]]:
        if args not in runs:
            runs[args] = run_once(*args)
        return runs[args]

    def run_once(*args: str) -> tuple[str, dict[str, dict]]:
        folder = tmp_path_factory.mktemp("demo")
        write(folder, "demo.feature", DEMO_FEATURE)
        write(folder, "conftest.py", DEMO_CONFTEST)
        write(folder, "test_demo.py", 'from pytest_bdd import scenarios\n\nscenarios("demo.feature")\n')
        write(folder, "pytest.ini", "[pytest]\n")
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--alluredir=results",
             *args],
            cwd=folder, capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT)
        results = {}
        for path in (folder / "results").glob("*-result.json"):
            result = json.loads(path.read_text(encoding="utf-8"))
            results[result["name"]] = result
        return f"demo folder: {folder}\n" + done.stdout + done.stderr, results

    return run


def attachment_names(item: dict) -> list[str]:
    return [a["name"] for a in item.get("attachments", [])]


@pytest.mark.timeout(SUBPROCESS_TIMEOUT + 30)
def test_by_default_a_screenshot_ends_each_run_of_checks_inside_its_last_step(run_demo):
    """The screen a run of 那麼/而且 steps was about, once, as a JPEG of the viewport; the
    Given and When steps before it carry none."""
    output, results = run_demo()
    assert set(results) == {"每一步都有畫面", "第二步失敗", "檢查接著檢查", "畫面拍不到"}, output
    passed = results["每一步都有畫面"]
    assert passed["status"] == "passed"
    assert [s["name"] for s in passed["steps"]] == ["假如 還沒有開啟頁面", "當 我開啟頁面", "那麼 頁面還在"]
    assert [attachment_names(s) for s in passed["steps"]] == [[], [], ["screenshot: 那麼 頁面還在"]]
    assert [attachment_names(s) for s in results["檢查接著檢查"]["steps"]] == [
        [], [], ["screenshot: 而且 頁面還在"], [], ["screenshot: 那麼 頁面還在"]]
    assert {a["type"] for r in results.values() for s in r["steps"] for a in s.get("attachments", [])
            if a["name"].startswith("screenshot:") and "not taken" not in a["name"]} == {"image/jpg"}
    # Allure 3 would show a step holding one attachment of its own name as that attachment only.
    assert all(s["name"] not in attachment_names(s) for r in results.values() for s in r["steps"])
    assert attachment_names(passed) == []
    assert {"step-3", "r-demo"} <= {label["value"] for label in passed["labels"] if label["name"] == "tag"}


@pytest.mark.timeout(SUBPROCESS_TIMEOUT + 30)
def test_step_screenshots_all_puts_one_in_every_step_with_a_page(run_demo):
    _, results = run_demo("--step-screenshots=all")
    assert [attachment_names(s) for s in results["每一步都有畫面"]["steps"]] == [
        [], ["screenshot: 當 我開啟頁面"], ["screenshot: 那麼 頁面還在"]]
    assert all(len(attachment_names(s)) == 1 for s in results["檢查接著檢查"]["steps"])


@pytest.mark.timeout(SUBPROCESS_TIMEOUT + 30)
def test_a_screenshot_that_cannot_be_taken_is_said_not_swallowed(run_demo):
    output, results = run_demo()
    shot = results["畫面拍不到"]
    assert shot["status"] == "passed", "a report attachment failed the scenario"
    assert attachment_names(shot["steps"][1]) == ["screenshot: 那麼 頁面還在 (not taken)"]
    assert "Allure screenshot screenshot: 那麼 頁面還在: not taken (RuntimeError: Target page" in output


@pytest.mark.timeout(SUBPROCESS_TIMEOUT + 30)
def test_a_failing_step_carries_the_failure_screenshot_and_the_test_the_url(run_demo):
    output, results = run_demo()
    failed = results["第二步失敗"]
    assert failed["status"] == "failed"
    steps = {s["name"]: s for s in failed["steps"]}
    assert steps["那麼 這一步失敗"]["status"] == "failed"
    assert attachment_names(steps["那麼 這一步失敗"]) == ["failed: 那麼 這一步失敗"]
    assert steps["那麼 這一步失敗"]["attachments"][0]["type"] == "image/png"      # the whole page
    assert attachment_names(failed) == ["page URL at failure"]
    assert failed["attachments"][0]["type"] == "text/uri-list"
    assert "Guide step and rule" in output
    assert "guide STEP 3, STEP 5; rules R-DEMO" in output   # the feature's tags and the scenario's
    assert "failed at: 那麼 這一步失敗" in output
    assert "page URL: http://127.0.0.1:9/demo" in output
    [saved] = re.findall(r"screenshot: (out/\S+failed-step\.png)", output)
    folder = Path(re.search(r"^demo folder: (.+)$", output, re.MULTILINE).group(1))
    assert (folder / saved).read_bytes() == PNG      # the whole page, on disk too


@pytest.mark.timeout(SUBPROCESS_TIMEOUT + 30)
def test_step_screenshots_failed_keeps_only_the_failing_step(run_demo):
    _, results = run_demo("--step-screenshots=failed")
    for name in ("每一步都有畫面", "檢查接著檢查"):
        assert all(attachment_names(s) == [] for s in results[name]["steps"])
    steps = {s["name"]: s for s in results["第二步失敗"]["steps"]}
    assert attachment_names(steps["那麼 這一步失敗"]) == ["failed: 那麼 這一步失敗"]


@pytest.mark.timeout(SUBPROCESS_TIMEOUT + 30)
def test_step_screenshots_none_attaches_no_screenshot(run_demo):
    output, results = run_demo("--step-screenshots=none")
    assert set(results) == {"每一步都有畫面", "第二步失敗", "檢查接著檢查", "畫面拍不到"}, output
    for result in results.values():
        assert all(attachment_names(s) == [] for s in result["steps"])
