"""harness.guide.regenerate without a browser: the guide rebuilt for its authors from fake
shots. Every step in the guide's order with number and title, the capture copied beside
the page under a relative name, each label's verdict in words, a changed screen said as
such with its structure; a walk that stopped says why; the document's own text when the
guide was read from one, else our summary; everything escaped; old images cleared; and a
revised guide's step gets the capture of the walk's step with the same title."""

from __future__ import annotations

import dataclasses
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from harness.guide.conformance import FOUND, MISSING, NOT_UI, RENAMED, LabelVerdict
from harness.guide.model import Guide, Label, Step, load
from harness.guide.reader import read_document
from harness.guide.regenerate import step_pages, write_guide
from harness.guide_index import STEPS
from harness.screenshots import Shot

WALK_NUMBER = {step.title: n for n, step in STEPS.items()}   # as the harness passes it
GUIDE = load()


def png(colour: tuple[int, int, int], size: tuple[int, int] = (12, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def colour_of(path: Path) -> tuple[int, int, int]:
    with Image.open(path) as image:
        return image.convert("RGB").getpixel((0, 0))


def step_colour(n: int) -> tuple[int, int, int]:
    """A colour per walk step, so a copied image tells which capture it is."""
    return (n * 10, 255 - n * 10, 100)


@pytest.fixture
def root(tmp_path) -> Path:
    """A project root with this run's 17 captures, each its own colour."""
    shots = tmp_path / "reports" / "screenshots"
    shots.mkdir(parents=True)
    for n in STEPS:
        (shots / f"step-{n:02d}.png").write_bytes(png(step_colour(n)))
    return tmp_path


def shot(n: int, verdict: str = "same", **extra) -> Shot:
    return Shot(step=n, labels=[], current=f"reports/screenshots/step-{n:02d}.png", verdict=verdict, **extra)


def all_shots() -> dict[int, Shot]:
    return {n: shot(n) for n in STEPS}


class Page(HTMLParser):
    """The regenerated page's step sections (in order) and every src/href."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[str] = []
        self.images: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self.sections.append(attrs.get("id", ""))
        if tag == "img":
            self.images.append(attrs["src"])
        self.links += [attrs[name] for name in ("src", "href") if attrs.get(name)]


def parsed(index: Path) -> Page:
    page = Page()
    page.feed(index.read_text(encoding="utf-8"))
    return page


def section(html: str, n: int) -> str:
    """The HTML of one step's section."""
    found = re.search(rf'<section class="step" id="step-{n}">(.*?)</section>', html, re.S)
    assert found, f"no section for STEP {n}"
    return found.group(1)


def md_section(md: str, n: int) -> str:
    """The Markdown from one step's heading to the next."""
    found = re.search(rf"^## STEP {n} .*?(?=^## STEP |\Z)", md, re.S | re.M)
    assert found, f"no heading for STEP {n}"
    return found.group(0)


# The whole guide -------------------------------------------------------------------------

def test_every_step_is_a_section_in_the_guides_order_with_number_and_title(root):
    """An author reads the guide top to bottom: all 17 steps, none skipped or reordered."""
    index = write_guide(root / "reports" / "guide", root, GUIDE, all_shots(), WALK_NUMBER, target="bundled")
    assert index == root / "reports" / "guide" / "index.html"
    html = index.read_text(encoding="utf-8")
    assert parsed(index).sections == [f"step-{n}" for n in range(1, 18)]
    for step in GUIDE.steps:
        assert f'<span class="number">STEP {step.number}</span>{step.title}</h2>' in section(html, step.number)
    assert f"<h1>{GUIDE.title}</h1>" in html
    assert "bundled" in html


def test_each_capture_is_copied_beside_the_page_under_a_relative_name(root):
    """The page opens from disk and can be zipped up: images beside it, no absolute path."""
    out = root / "reports" / "guide"
    index = write_guide(out, root, GUIDE, all_shots(), WALK_NUMBER, target="bundled")
    page = parsed(index)
    assert page.images == [f"step-{n:02d}.png" for n in range(1, 18)]
    for n, src in enumerate(page.images, start=1):
        assert (out / src).is_file()
        assert colour_of(out / src) == step_colour(n)
    assert all(not link.startswith(("/", "file:", "http")) for link in page.links)
    assert str(root) not in index.read_text(encoding="utf-8")
    assert sorted(p.name for p in out.glob("*.png")) == [f"step-{n:02d}.png" for n in range(1, 18)]


def test_the_markdown_has_every_step_heading_in_order_and_its_image(root):
    """guide.md is what gets published: one "## STEP n title" per step, each with its image."""
    out = root / "reports" / "guide"
    write_guide(out, root, GUIDE, all_shots(), WALK_NUMBER, target="bundled")
    md = (out / "guide.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## STEP (\d+) (.+)$", md, re.M)
    assert headings == [(str(s.number), s.title) for s in GUIDE.steps]
    assert md.startswith(f"# {GUIDE.title}\n")
    for n in range(1, 18):
        assert f"![STEP {n}](step-{n:02d}.png)" in md_section(md, n)
    assert "沒有截圖" not in md


VERDICTS = [
    LabelVerdict("新增申請人", FOUND, by="role", role="button"),
    LabelVerdict("編輯-", FOUND, by="text"),
    LabelVerdict("同意", RENAMED, seen="我同意"),
    LabelVerdict("送出", MISSING),
    LabelVerdict("個人資料保護法", NOT_UI, reason="a law's name"),
]


def test_label_verdicts_are_shown_in_words(root):
    """Each label the guide quotes says what the screen showed: found (and as what),
    renamed (to what), missing, or not a label of the screen (and why)."""
    shots = all_shots()
    shots[8] = shot(8, conformance=[v.to_dict() for v in VERDICTS])
    out = root / "reports" / "guide"
    html = section(write_guide(out, root, GUIDE, shots, WALK_NUMBER, target="bundled").read_text(encoding="utf-8"), 8)
    assert '<li class="found">「新增申請人」：找到（button）</li>' in html
    assert '<li class="found">「編輯-」：找到（文字）</li>' in html
    assert '<li class="renamed">「同意」：疑似改名，畫面上是「我同意」</li>' in html
    assert '<li class="missing">「送出」：找不到</li>' in html
    assert '<li class="notui">「個人資料保護法」：非畫面文字（a law&#39;s name）</li>' in html
    md = md_section((out / "guide.md").read_text(encoding="utf-8"), 8)
    assert "- 「新增申請人」：找到（button）" in md
    assert "- 「同意」：疑似改名，畫面上是「我同意」" in md
    assert "- 「個人資料保護法」：非畫面文字（a law's name）" in md
    assert "標籤結果：找到 2、疑似改名 1、找不到 1、非畫面文字 1。" in (out / "index.html").read_text(encoding="utf-8")
    assert "標籤結果：找到 2、疑似改名 1、找不到 1、非畫面文字 1。" in (out / "guide.md").read_text(encoding="utf-8")


def test_a_changed_screen_says_so_with_its_structure(root):
    """A changed screen is the author's cue to re-check the step: it says 畫面已變更 and
    what moved, while an unchanged one says it is the same as the baseline."""
    shots = all_shots()
    shots[8] = shot(8, "changed", structure="button 「新增申請人」 moved 40 px right")
    out = root / "reports" / "guide"
    html = write_guide(out, root, GUIDE, shots, WALK_NUMBER, target="bundled").read_text(encoding="utf-8")
    assert ('<p class="screen changed">畫面：畫面已變更（button 「新增申請人」 moved 40 px right）</p>'
            in section(html, 8))
    assert '<p class="screen">畫面：與基準圖相同</p>' in section(html, 7)
    md = (out / "guide.md").read_text(encoding="utf-8")
    assert "畫面：畫面已變更（button 「新增申請人」 moved 40 px right）" in md_section(md, 8)
    assert "畫面：與基準圖相同\n" in md_section(md, 7)


def test_a_walk_that_stopped_says_why_and_shows_no_image(root):
    """STEP 17 is only reached by submitting; a walk that stops before it says why instead
    of showing a broken image."""
    shots = {n: s for n, s in all_shots().items() if n < 17}
    out = root / "reports" / "guide"
    index = write_guide(out, root, GUIDE, shots, WALK_NUMBER, target="bundled",
                        stopped=(17, "submitting is not allowed on this target"))
    html = index.read_text(encoding="utf-8")
    last = section(html, 17)
    assert '<p class="none">沒有截圖：submitting is not allowed on this target</p>' in last
    assert "<img" not in last
    assert "畫面：本次未截圖" in last
    assert not (out / "step-17.png").exists()
    assert parsed(index).images == [f"step-{n:02d}.png" for n in range(1, 17)]
    md = md_section((out / "guide.md").read_text(encoding="utf-8"), 17)
    assert "*沒有截圖：submitting is not allowed on this target*" in md
    assert "![" not in md


def test_a_step_missing_without_a_stop_says_it_was_not_captured(root):
    """A gap before the stop point is not the stop's fault: it says "not captured"."""
    shots = {n: s for n, s in all_shots().items() if n not in (5, 17)}
    pages = step_pages(GUIDE, shots, WALK_NUMBER, (17, "stopped on purpose"))
    assert [(p.number, p.why_not) for p in pages if p.image is None] == [
        (5, "not captured in this run"), (17, "stopped on purpose")]


# Summary or the document's own text ------------------------------------------------------

def test_the_shipped_model_shows_each_steps_summary(root):
    """The shipped model carries no prose of the guide: each step shows our summary."""
    out = root / "reports" / "guide"
    html = write_guide(out, root, GUIDE, all_shots(), WALK_NUMBER, target="bundled").read_text(encoding="utf-8")
    md = (out / "guide.md").read_text(encoding="utf-8")
    for step in GUIDE.steps:
        assert f'<p class="summary">{step.summary}</p>' in section(html, step.number)
        assert f"> {step.summary}" in md_section(md, step.number)
    assert '<div class="text">' not in html
    assert "步驟說明是本專案的摘要" in html


DOCUMENT = """\
1. 測試用的小指南

註1：這份文件只為測試而寫，內容是自己的話。

2 Steps

STEP 1

打開首頁

用瀏覽器開啟首頁，
看到標題後再往下。

STEP 2

按下「開始」

在頁面底部找到「開始」並按一下。
The '開始' button is highlighted with a red box.
"""


def test_a_guide_read_from_a_document_shows_the_documents_own_text(tmp_path):
    """With --guide DOC the page is ready to publish from: each step carries the
    document's own words, not our summary."""
    guide = read_document(DOCUMENT, "tiny.txt")
    assert [s.title for s in guide.steps] == ["打開首頁", "按下「開始」"]
    (tmp_path / "a.png").write_bytes(png((1, 2, 3)))
    shots = {1: Shot(1, [], "a.png"), 2: Shot(2, [], "a.png")}
    out = tmp_path / "guide"
    html = write_guide(out, tmp_path, guide, shots, {}, target="bundled").read_text(encoding="utf-8")
    assert '<div class="text">用瀏覽器開啟首頁，\n看到標題後再往下。</div>' in section(html, 1)
    assert ('<div class="text">在頁面底部找到「開始」並按一下。\n'
            "The &#39;開始&#39; button is highlighted with a red box.</div>") in section(html, 2)
    assert '<p class="summary">' not in html
    assert "步驟文字取自所給的指南文件" in html
    md = (out / "guide.md").read_text(encoding="utf-8")
    assert "用瀏覽器開啟首頁，\n看到標題後再往下。" in md_section(md, 1)
    assert "在頁面底部找到「開始」並按一下。\nThe '開始' button is highlighted with a red box." in md_section(md, 2)
    assert "> " + GUIDE.steps[0].summary not in md


# Escaping and rewriting ----------------------------------------------------------------

def test_titles_and_labels_are_escaped_in_the_page(root):
    """A guide's or a screen's words are text, never markup, on a page opened from disk."""
    steps = list(GUIDE.steps)
    steps[0] = dataclasses.replace(steps[0], title='<script>alert("t")</script>')
    guide = dataclasses.replace(GUIDE, steps=tuple(steps))
    shots = all_shots()
    shots[2] = shot(2, conformance=[LabelVerdict("<script>x</script>", RENAMED, seen="<b>y</b>").to_dict()])
    html = write_guide(root / "g", root, guide, shots, WALK_NUMBER, target="<i>t</i>").read_text(encoding="utf-8")
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;" in section(html, 1)
    assert "「&lt;script&gt;x&lt;/script&gt;」：疑似改名，畫面上是「&lt;b&gt;y&lt;/b&gt;」" in section(html, 2)
    assert "&lt;i&gt;t&lt;/i&gt;" in html


def test_writing_again_removes_images_of_an_earlier_run(root):
    """A step not captured this time must not show last run's picture."""
    out = root / "reports" / "guide"
    write_guide(out, root, GUIDE, all_shots(), WALK_NUMBER, target="bundled")
    (out / "step-18.png").write_bytes(png((0, 0, 0)))       # from an older, longer guide
    (out / "notes.txt").write_text("kept", encoding="utf-8")
    shots = {n: s for n, s in all_shots().items() if n <= 3}
    write_guide(out, root, GUIDE, shots, WALK_NUMBER, target="bundled")
    assert sorted(p.name for p in out.glob("*.png")) == ["step-01.png", "step-02.png", "step-03.png"]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "kept"


# A revised guide ---------------------------------------------------------------------------

def revised_guide() -> Guide:
    """The guide with STEP 15 (儲存成功) dropped: its STEP 15 is the walk's STEP 16 and its
    STEP 16 the walk's STEP 17; STEP 1 reworded in its title (found by its number); and a
    new STEP 18 the walk has no capture for, by title or by number."""
    steps = [s for s in GUIDE.steps if s.number != 15]
    steps = [dataclasses.replace(s, number=s.number - 1) if s.number > 15 else s for s in steps]
    steps[0] = dataclasses.replace(steps[0], title="登入平臺")
    steps.append(Step(18, "一個新的步驟", (Label("新按鈕"),)))
    return dataclasses.replace(GUIDE, steps=tuple(steps))


def test_a_renumbered_step_gets_the_capture_of_the_walks_step_with_its_title(root):
    """A revised guide renumbers steps; the capture follows the title, not the number."""
    guide = revised_guide()
    assert guide.steps[14].title == STEPS[16].title
    out = root / "reports" / "guide"
    html = write_guide(out, root, guide, all_shots(), WALK_NUMBER, target="bundled").read_text(encoding="utf-8")
    assert colour_of(out / "step-15.png") == step_colour(16)
    assert colour_of(out / "step-16.png") == step_colour(17)
    assert colour_of(out / "step-14.png") == step_colour(14)
    assert f'<span class="number">STEP 15</span>{STEPS[16].title}</h2>' in section(html, 15)
    assert '<img src="step-15.png"' in section(html, 15)
    assert colour_of(out / "step-01.png") == step_colour(1)
    new = section(html, 18)
    assert '<p class="none">沒有截圖：the walk has no such step</p>' in new
    assert not (out / "step-18.png").exists()
    assert parsed(out / "index.html").sections == [f"step-{n}" for n in (*range(1, 17), 18)]


def test_step_pages_map_by_title_then_by_number():
    """step_pages is what write_guide renders: the walk's shot chosen by title, and by
    number only for a title the walk does not know."""
    shots = {n: shot(n, structure=f"walk {n}") for n in STEPS}
    pages = step_pages(revised_guide(), shots, WALK_NUMBER, None)
    assert [(p.number, p.structure) for p in pages][13:] == [
        (14, "walk 14"), (15, "walk 16"), (16, "walk 17"), (18, "")]
    assert (pages[0].title, pages[0].structure) == ("登入平臺", "walk 1")
    assert pages[14].image == "step-15.png"
