"""The structure beside each screenshot, without a browser: harness.screenshots keeps each
capture's aria snapshot (and approves it with the baseline), says a changed screen by role
and name before its pixel count, and adds the guide's renamed or missing labels to the
step's problem; harness.aria says what changed between two snapshots once per block, in
document order, and counts what it does not spell out."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from harness import aria
from harness.guide.conformance import FOUND, MISSING, NOT_UI, RENAMED, LabelVerdict
from harness.screenshots import Capture, ScreenshotRun, Settings

RUNNING = {"chromium": "Chromium 156.0.8078.114 built on Debian GNU/Linux 12 (bookworm)",
           "fonts_noto_cjk": "1:20220127+repack1-1", "viewport": "1280x720"}
SIZE = (20, 10)                    # 200 pixels


def png(box: tuple[int, int, int, int] | None = None) -> bytes:
    """A white image, with a black rectangle (inclusive corners) where `box` says."""
    image = Image.new("RGB", SIZE, (255, 255, 255))
    if box:
        ImageDraw.Draw(image).rectangle(box, fill=(0, 0, 0))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


BASELINE_PNG = png()
CHANGED_PNG = png((2, 2, 5, 3))     # 4 × 2 = 8 pixels: 4.00% of 200

OLD_SCREEN = """\
- main [box=0,0,1280,600]:
  - heading "就業金卡暫存 - 列表" [level=1] [box=74,143,1133,32]
  - button "新增申請人" [box=74,190,110,37]"""
NEW_SCREEN = OLD_SCREEN.replace("[box=74,190,110,37]", "[box=114,190,110,37]")   # 40 px right


@pytest.fixture
def baselines(tmp_path) -> Path:
    """An approved baseline set for the running Chromium build, fonts and viewport."""
    directory = tmp_path / "baselines" / "bundled" / "chromium-156"
    directory.mkdir(parents=True)
    (directory / "versions.json").write_text(json.dumps({**RUNNING, "taken": "2026-03-02"}), encoding="utf-8")
    for n in (3, 8):
        (directory / f"step-{n:02d}.png").write_bytes(BASELINE_PNG)
    return directory


def run(tmp_path: Path, baselines: Path, update: bool = False) -> ScreenshotRun:
    return ScreenshotRun(Settings(root=tmp_path, baselines=baselines, running=dict(RUNNING), update=update))


def capture(data: bytes = BASELINE_PNG) -> Capture:
    return Capture(data, stable=True, shots=2, seconds=0.1)


# Keeping and approving the snapshot -------------------------------------------------------

def test_record_writes_the_screens_snapshot_beside_the_capture(tmp_path, baselines):
    """The snapshot is what a later run's change is said against, so it is kept per step."""
    screenshots = run(tmp_path, baselines)
    assert screenshots.mismatch is None
    shot = screenshots.record(8, ["新增申請人"], capture(), [], screen=OLD_SCREEN)
    assert shot.aria == "reports/screenshots/step-08.aria.yml"
    assert (tmp_path / shot.aria).read_text(encoding="utf-8") == OLD_SCREEN + "\n"
    assert shot.current == "reports/screenshots/step-08.png"
    assert (tmp_path / shot.current).read_bytes() == BASELINE_PNG


def test_record_without_a_screen_writes_no_snapshot(tmp_path, baselines):
    """No snapshot taken, none claimed: shot.aria stays None and no file appears."""
    shot = run(tmp_path, baselines).record(8, [], capture(), [])
    assert shot.aria is None
    assert not (tmp_path / "reports" / "screenshots" / "step-08.aria.yml").exists()


def test_approve_copies_the_snapshots_into_the_baselines_and_drops_stale_ones(tmp_path, baselines):
    """An approved set is screens and their structure together: a snapshot left from an
    older set would describe changes against the wrong screen."""
    (baselines / "step-08.aria.yml").write_text("- button \"old\" [box=0,0,1,1]\n", encoding="utf-8")
    (baselines / "step-05.aria.yml").write_text("- button \"gone\" [box=0,0,1,1]\n", encoding="utf-8")
    screenshots = run(tmp_path, baselines, update=True)
    screenshots.record(3, [], capture(CHANGED_PNG), [])                 # no snapshot for this one
    screenshots.record(8, [], capture(CHANGED_PNG), [], screen=NEW_SCREEN)
    assert screenshots.approve([3, 8]) == baselines
    assert sorted(p.name for p in baselines.iterdir()) == [
        "step-03.png", "step-08.aria.yml", "step-08.png", "versions.json"]
    assert (baselines / "step-08.aria.yml").read_text(encoding="utf-8") == NEW_SCREEN + "\n"
    assert (baselines / "step-08.png").read_bytes() == CHANGED_PNG
    versions = json.loads((baselines / "versions.json").read_text(encoding="utf-8"))
    assert {key: versions[key] for key in RUNNING} == RUNNING


# A changed screen, said by structure first -----------------------------------------------

def test_a_changed_screen_is_said_by_structure_before_its_pixel_count(tmp_path, baselines):
    """The author reads "the button moved" first; the pixel count and the diff follow."""
    (baselines / "step-08.aria.yml").write_text(OLD_SCREEN + "\n", encoding="utf-8")
    shot = run(tmp_path, baselines).record(8, ["新增申請人"], capture(CHANGED_PNG), [], screen=NEW_SCREEN)
    assert shot.verdict == "changed"
    assert shot.changed == 8
    assert shot.structure == "button 「新增申請人」 moved 40 px right"
    assert shot.problem == ("STEP 8: the screen changed: button 「新增申請人」 moved 40 px right; "
                            "8 pixels (4.00%) differ; diff at reports/screenshots/step-08-diff.png")
    assert (tmp_path / shot.diff).is_file()


def test_without_a_baseline_snapshot_only_the_pixels_are_said(tmp_path, baselines):
    """An older baseline set has no snapshots: the change is said in pixels alone."""
    shot = run(tmp_path, baselines).record(8, [], capture(CHANGED_PNG), [], screen=NEW_SCREEN)
    assert shot.verdict == "changed"
    assert shot.structure == ""
    assert shot.problem == ("STEP 8: the screen changed: 8 pixels (4.00%) differ; "
                            "diff at reports/screenshots/step-08-diff.png")


def test_without_this_runs_snapshot_only_the_pixels_are_said(tmp_path, baselines):
    """A baseline snapshot with nothing to compare it to says nothing."""
    (baselines / "step-08.aria.yml").write_text(OLD_SCREEN + "\n", encoding="utf-8")
    shot = run(tmp_path, baselines).record(8, [], capture(CHANGED_PNG), [])
    assert shot.structure == ""
    assert shot.problem.startswith("STEP 8: the screen changed: 8 pixels (4.00%) differ; ")


def test_a_same_screen_has_no_structure_and_no_problem(tmp_path, baselines):
    """Identical pixels are the verdict: a structural difference alone fails nothing."""
    (baselines / "step-08.aria.yml").write_text(OLD_SCREEN + "\n", encoding="utf-8")
    shot = run(tmp_path, baselines).record(8, [], capture(), [], screen=NEW_SCREEN)
    assert shot.verdict == "same"
    assert shot.structure == ""
    assert shot.problem == ""


# The guide's labels on the step -----------------------------------------------------------

def test_a_renamed_label_fails_the_step_even_when_the_screen_is_the_same(tmp_path, baselines):
    """The guide quotes a label the screen no longer shows: its authors must hear of it
    whether or not the baseline was re-approved with the new wording."""
    verdicts = [LabelVerdict("台灣就業金卡網站", RENAMED, seen="台灣就業金卡官網"),
                LabelVerdict("我要申請登入系統", FOUND, by="role", role="button")]
    shot = run(tmp_path, baselines).record(3, [], capture(), [], verdicts=verdicts)
    assert shot.verdict == "same"
    assert shot.problem == ("STEP 3: the guide's label 「台灣就業金卡網站」 is not on the screen; "
                            "did you mean 「台灣就業金卡官網」?")
    assert shot.conformance == [v.to_dict() for v in verdicts]
    assert shot.conformance[0] == {"label": "台灣就業金卡網站", "verdict": "renamed", "by": "", "role": "",
                                   "seen": "台灣就業金卡官網", "reason": ""}


def test_a_missing_label_follows_the_changed_screen_line(tmp_path, baselines):
    """Each failing label is one more line of the step's problem, after the screen's."""
    shot = run(tmp_path, baselines).record(8, [], capture(CHANGED_PNG), [],
                                           verdicts=[LabelVerdict("送出", MISSING)])
    assert shot.problem.splitlines() == [
        "STEP 8: the screen changed: 8 pixels (4.00%) differ; diff at reports/screenshots/step-08-diff.png",
        "STEP 8: the guide's label 「送出」 is not on the screen, nor anything like it"]


def test_found_and_not_ui_labels_add_nothing(tmp_path, baselines):
    """Labels that are there, or are not the screen's words, are no failure."""
    verdicts = [LabelVerdict("新增申請人", FOUND, by="role", role="button"), LabelVerdict("編輯-", FOUND, by="text"),
                LabelVerdict("個人資料保護法", NOT_UI, reason="a law's name")]
    shot = run(tmp_path, baselines).record(8, [], capture(), [], verdicts=verdicts)
    assert shot.problem == ""
    assert [v["verdict"] for v in shot.conformance] == ["found", "found", "not UI"]
    assert shot.conformance[2]["reason"] == "a law's name"


# harness.aria ------------------------------------------------------------------------------

def test_a_block_that_moves_with_its_children_is_said_once():
    """A notice inserted above a form pushes the whole form down: one line, not one per field."""
    old = """\
- main [box=0,0,1280,700]:
  - form "申請人" [box=10,100,600,300]:
    - heading "基本資料" [level=2] [box=20,110,200,30]
    - textbox "統一證號" [box=20,150,300,35]
    - group "出生日期" [box=20,200,300,60]:
      - textbox "年" [box=20,210,90,35]
    - button "確定" [box=20,300,80,32]"""
    new = """\
- main [box=0,0,1280,700]:
  - form "申請人" [box=10,120,600,300]:
    - heading "基本資料" [level=2] [box=20,130,200,30]
    - textbox "統一證號" [box=20,170,300,35]
    - group "出生日期" [box=20,220,300,60]:
      - textbox "年" [box=20,230,90,35]
    - button "確定" [box=25,320,80,32]"""
    assert aria.changes(aria.parse(old), aria.parse(new)) == [
        "form 「申請人」 moved 20 px down", "button 「確定」 moved 5 px right"]


def test_a_move_smaller_than_three_pixels_is_not_news():
    """Sub-pixel layout jitter is not a change of the screen."""
    assert aria.describe('- button "登出" [box=10,10,40,20]', '- button "登出" [box=12,9,41,22]') == ""


def test_a_row_added_is_said_and_what_it_pushes_down():
    """A new draft in the list: the row, then what moved below it."""
    old = """\
- table [box=74,241,1133,81]:
  - row "1 王小明" [box=74,279,1132,43]
- paragraph [box=74,337,1133,20]: 說明："""
    new = """\
- table [box=74,241,1133,124]:
  - row "1 王小明" [box=74,279,1132,43]
  - row "2 李大同" [box=74,322,1132,43]
- paragraph [box=74,380,1133,20]: 說明："""
    assert aria.describe(old, new) == "row 「2 李大同」 added; paragraph 「說明：」 moved 43 px down"


ROW_WITH_CELLS_OLD = """\
- table [box=74,241,1133,81]:
  - rowgroup [box=74,279,1132,43]:
    - row "1 王小明 編輯" [box=74,279,1132,43]:
      - cell "1" [box=74,279,147,43]
      - cell "王小明" [box=221,279,418,43]
      - cell "編輯" [box=639,279,567,43]:
        - button "編輯" [box=707,287,50,27]"""
ROW_WITH_CELLS_NEW = ROW_WITH_CELLS_OLD.replace("[box=74,241,1133,81]", "[box=74,241,1133,124]").replace(
    "[box=74,279,1132,43]:\n    - row", "[box=74,279,1132,86]:\n    - row") + """
    - row "2 李大同 編輯" [box=74,322,1132,43]:
      - cell "2" [box=74,322,147,43]
      - cell "李大同" [box=221,322,418,43]
      - cell "編輯" [box=639,322,567,43]:
        - button "編輯" [box=707,330,50,27]"""


def test_a_row_added_with_its_cells_is_said_once():
    """A real table row has cells (and buttons in them): the row added is the news, as a
    block moved is said once and not for each of its children."""
    assert aria.describe(ROW_WITH_CELLS_OLD, ROW_WITH_CELLS_NEW) == "row 「2 李大同 編輯」 added"


def test_a_row_removed_with_its_cells_is_said_once():
    """A draft deleted from the list: one line for the row, none for what was inside it."""
    assert aria.describe(ROW_WITH_CELLS_NEW, ROW_WITH_CELLS_OLD) == "row 「2 李大同 編輯」 removed"


def test_words_changed_in_place_are_said_as_now_reads():
    """A reworded paragraph is one change, old and new words side by side; long texts
    are cut to where they differ."""
    old = "- main [box=0,0,800,600]:\n  - paragraph [box=10,10,500,20]: 暫存只保存30日"
    new = "- main [box=0,0,800,600]:\n  - paragraph [box=10,10,500,20]: 暫存只保存60日"
    assert aria.describe(old, new) == "paragraph 「暫存只保存30日」 now reads 「暫存只保存60日」"
    long_old = "- paragraph [box=10,10,900,20]: 尚未送出的暫存資料包括已上傳的應檢附文件系統只保存30日從暫存當日起算"
    long_new = long_old.replace("30日", "60日")
    assert aria.describe(long_old, long_new) == (      # from 8 characters before the first difference
        "paragraph 「…附文件系統只保存30日從暫存當日起算」 now reads 「…附文件系統只保存60日從暫存當日起算」")


def test_a_text_node_with_a_box_changing_its_words_now_reads():
    """A text node is compared by what it says; same place, new words: renamed."""
    old = "- main [box=0,0,800,600]:\n  - text [box=10,10,100,20]: 登出倒數"
    new = "- main [box=0,0,800,600]:\n  - text [box=10,10,100,20]: 剩餘時間"
    assert aria.describe(old, new) == "text 「登出倒數」 now reads 「剩餘時間」"


def test_a_text_node_as_playwright_writes_it_changing_its_words_now_reads():
    """Playwright's snapshots give text nodes no box (the baselines' 111 '- text:' lines
    have none): in the same place under the same parent, new words are still a rewording."""
    old = "- main [box=0,0,800,600]:\n  - text: 登出倒數\n  - button \"登出\" [box=700,10,47,27]"
    new = "- main [box=0,0,800,600]:\n  - text: 剩餘時間\n  - button \"登出\" [box=700,10,47,27]"
    assert aria.describe(old, new) == "text 「登出倒數」 now reads 「剩餘時間」"


def test_a_boxless_text_node_under_another_parent_is_not_a_rewording():
    """Without a box, "the same place" is the same parent: words gone from one block and
    others come in another are a removal and an addition, not one text reworded."""
    old = '- dialog "儲存成功" [box=0,0,400,200]:\n  - text: 已儲存\n- main [box=0,0,800,600]'
    new = '- dialog "儲存成功" [box=0,0,400,200]\n- main [box=0,0,800,600]:\n  - text: 已送出'
    assert aria.describe(old, new) == "text 「已儲存」 removed; text 「已送出」 added"


def test_more_than_eight_changes_are_counted_not_listed():
    """A screen redone from scratch is not a page of lines: eight, then how many more."""
    old = "- main [box=0,0,800,600]"
    new = old + ":\n" + "\n".join(f'  - button "按鈕{n}" [box=10,{n * 40},80,30]' for n in range(1, 11))
    assert aria.changes(aria.parse(old), aria.parse(new)) == [
        *(f"button 「按鈕{n}」 added" for n in range(1, 9)), "2 more changes"]
    eight = old + ":\n" + "\n".join(f'  - button "按鈕{n}" [box=10,{n * 40},80,30]' for n in range(1, 9))
    assert aria.changes(aria.parse(old), aria.parse(eight))[-1] == "button 「按鈕8」 added"


def test_the_parser_reads_role_name_box_text_and_nesting():
    """What describe() stands on: properties skipped, text after the colon, depth and parent."""
    nodes = aria.parse("""\
- banner [box=0,0,1280,62]:
  - link "English" [box=892,21,46,20]:
    - /url: /en
  - timer "登出倒數" [box=1141,21,56,21]: 30:00
  - text: JENNIFER JONES""")
    assert [(n.role, n.name, n.text, n.box, n.depth, n.parent) for n in nodes] == [
        ("banner", "", "", (0.0, 0.0, 1280.0, 62.0), 0, None),
        ("link", "English", "", (892.0, 21.0, 46.0, 20.0), 1, 0),
        ("timer", "登出倒數", "30:00", (1141.0, 21.0, 56.0, 21.0), 1, 0),
        ("text", "JENNIFER JONES", "", None, 1, 0)]
