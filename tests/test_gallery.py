"""harness.gallery without a browser: the page for authors from fake shots and scenario
results: all 17 steps with title, summary, three images and verdict; the coverage table
with every step and rule; a step or rule without a scenario named as an error; relative
links only; everything escaped."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from harness.gallery import ScenarioResult, coverage, coverage_errors, write_gallery
from harness.guide_index import RULES, STEPS, rule_tag, step_tag
from harness.screenshots import Shot


def png(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 9), colour).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def root(tmp_path) -> Path:
    shots = tmp_path / "reports" / "screenshots"
    shots.mkdir(parents=True)
    base = tmp_path / "baselines" / "chromium-156"
    base.mkdir(parents=True)
    for n in (1, 2, 8):
        (shots / f"step-{n:02d}.png").write_bytes(png((200, 200, 200)))
        (shots / f"step-{n:02d}-diff.png").write_bytes(png((250, 250, 250)))
        (base / f"step-{n:02d}.png").write_bytes(png((200, 200, 200)))
    return tmp_path


def shot(n: int, verdict: str, **extra) -> Shot:
    return Shot(step=n, labels=extra.pop("labels", ["新增申請人"]), current=f"reports/screenshots/step-{n:02d}.png",
                baseline=f"baselines/chromium-156/step-{n:02d}.png",
                diff=f"reports/screenshots/step-{n:02d}-diff.png", verdict=verdict, **extra)


def full_suite() -> list[ScenarioResult]:
    """One scenario per step and rule, all passed, plus the screenshot walk."""
    results = [ScenarioResult(f"features/x.feature::s{n}", f"功能: 情境 {n}", [step_tag(n)], "passed") for n in STEPS]
    results += [ScenarioResult(f"features/r.feature::{r}", f"規則: {r}", [rule_tag(r)], "passed") for r in RULES]
    return results


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.links += [value for name, value in attrs if name in ("src", "href") and value]


def test_every_step_and_rule_has_a_row_and_a_full_suite_has_no_gap():
    rows = coverage(full_suite())
    assert [row.key for row in rows] == [f"STEP {n}" for n in STEPS] + list(RULES)
    assert coverage_errors(rows) == []


def test_a_step_or_rule_without_a_scenario_is_an_error():
    results = [s for s in full_suite() if not ({"step-9", "r-draft-30"} & set(s.tags))]
    errors = coverage_errors(coverage(results))
    assert errors == [f"STEP 9 ({STEPS[9].title}) is checked by no scenario in this run",
                      f"R-DRAFT-30 ({RULES['R-DRAFT-30'].summary}) is checked by no scenario in this run"]


def test_the_page_shows_all_17_steps_with_title_summary_images_and_verdict(root):
    shots = {1: shot(1, "same"), 2: shot(2, "approved"),
             8: shot(8, "changed", labels=["新增申請人", "編輯"], changed=1234, ratio=1234 / 921600,
                     problem="STEP 8: the screen changed: 1234 pixels (0.13%) differ; "
                             "diff at reports/screenshots/step-08-diff.png")}
    index = write_gallery(root / "reports" / "gallery", root, shots, coverage(full_suite()), {"threshold": 0.1})
    page = index.read_text(encoding="utf-8")
    articles = re.findall(r'<article class="step (\w+)" id="step-(\d+)">', page)
    assert [int(n) for _, n in articles] == list(STEPS)
    for n, step in STEPS.items():
        assert f"STEP {n}</span> {step.title}" in page
        assert step.summary in page
    assert dict((int(n), css) for css, n in articles)[8] == "bad"
    assert "畫面已變更" in page and "相同" in page and "已核准為基準圖" in page and "本次未截圖" in page
    assert "「新增申請人」「編輯」；1234 個像素不同（0.13%）" in page
    assert "diff at reports/screenshots/step-08-diff.png" in page
    assert page.count("<img ") == 9                      # three images for each captured step


def test_links_are_relative_and_point_at_copied_images(root):
    index = write_gallery(root / "reports" / "gallery", root, {1: shot(1, "same")}, coverage(full_suite()))
    parser = Links()
    parser.feed(index.read_text(encoding="utf-8"))
    images = [link for link in parser.links if link.startswith("images/")]
    assert images, "no image links"
    assert all((index.parent / link).is_file() for link in images)
    assert all(not link.startswith(("/", "file:", "http")) for link in parser.links)
    assert str(root) not in index.read_text(encoding="utf-8")


def test_the_coverage_table_shows_results_and_marks_gaps(root):
    results = [s for s in full_suite() if "r-upload" not in s.tags]
    results[0].outcome, results[1].outcome, results[1].reason = "failed", "skipped", "needs the control API"
    index = write_gallery(root / "reports" / "gallery", root, {}, coverage(results))
    page = index.read_text(encoding="utf-8")
    rows = re.findall(r'<tr class="(\w+)" id="cov-([\w-]+)">', page)
    assert len(rows) == len(STEPS) + len(RULES)
    assert dict((key, css) for css, key in rows)["r-upload"] == "gap"
    assert dict((key, css) for css, key in rows)["step-1"] == "bad"
    assert "沒有任何情境檢查這一項：本次執行的錯誤" in page
    assert "needs the control API" in page
    assert "覆蓋表有 1 個指南步驟或規則沒有任何情境檢查" in page


def test_text_is_escaped(root):
    results = full_suite()
    results[0].name = '功能: <script>alert("x")</script>'
    page = write_gallery(root / "g", root, {}, coverage(results), {"mismatch": "a <b> c"}).read_text(encoding="utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;" in page and "a &lt;b&gt; c" in page


def test_writing_again_replaces_the_old_images(root):
    out = root / "reports" / "gallery"
    write_gallery(out, root, {1: shot(1, "same"), 2: shot(2, "same")}, coverage(full_suite()))
    write_gallery(out, root, {1: shot(1, "same")}, coverage(full_suite()))
    assert sorted(p.name for p in (out / "images").iterdir()) == [
        "step-01-baseline.png", "step-01-current.png", "step-01-diff.png"]


def test_a_missing_image_file_shows_an_empty_frame_not_a_broken_link(root):
    broken = shot(2, "no baseline")
    broken.baseline = broken.diff = None
    page = write_gallery(root / "g", root, {2: broken}, coverage(full_suite())).read_text(encoding="utf-8")
    assert page.count("（無）") == 2
    assert "沒有基準圖" in page


def test_each_step_shows_its_accessibility_audit_and_the_page_says_it_is_a_floor(root):
    clean = {"violations": [], "new": [], "fixed": [], "label_fallback": [], "seconds": 0.21}
    element = {"role": "textbox", "name": "", "selector": "#f-surname"}
    broken = {"violations": [{"rule": "label", "impact": "critical", "help": "Form elements must have labels",
                              "elements": [element]}],
              "new": [{"rule": "label", "impact": "critical", "help": "", "elements": [element]}],
              "fixed": [{"rule": "image-alt", "impact": "critical", "help": "", "elements": []}],
              "label_fallback": ["「英文姓氏」 has no accessible name: found by the text beside it"], "seconds": 0.4}
    audit = {"target": "bundled", "steps": {**{str(n): clean for n in STEPS}, "13": broken}}
    page = write_gallery(root / "g", root, {}, coverage(full_suite()), {"accessibility": audit}
                         ).read_text(encoding="utf-8")
    assert page.count("無障礙檢查通過") == len(STEPS) - 1
    step_13 = page[page.index('id="step-13"'):page.index('id="step-14"')]
    assert "label（critical）" in step_13 and "textbox（沒有名稱）<strong>（新）</strong>" in step_13
    assert "#f-surname" in step_13 and "已修正：image-alt" in step_13 and "標籤備援：「英文姓氏」" in step_13
    assert "最低標準，不是無障礙的證明" in page


def test_without_an_audit_the_gallery_says_nothing_of_accessibility(root):
    page = write_gallery(root / "g", root, {}, coverage(full_suite())).read_text(encoding="utf-8")
    assert "無障礙" not in page
