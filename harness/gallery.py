"""The authors' gallery: one static HTML page (reports/gallery/index.html, images beside
it, relative links only, so it opens from disk and can be zipped) with, for every guide
step, its number and title, our summary of what the guide says there, the baseline, this
run's capture and the diff side by side, and the verdict; then a coverage table of every
guide step and every rule against the scenarios that check it and their result.

A step or rule that no scenario checked is not left blank: `coverage_errors` names it and
the plugin fails the run."""

from __future__ import annotations

import html
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .compare import percent
from .guide_index import RULES, STEPS, rule_tag, step_tag
from .screenshots import Shot, step_file

VERDICTS = {   # verdict -> (what the author reads, css class)
    "same": ("相同", "ok"),
    "changed": ("畫面已變更", "bad"),
    "no baseline": ("沒有基準圖", "bad"),
    "not compared": ("未比對", "muted"),
    "approved": ("已核准為基準圖", "new"),
    "not approved": ("未核准：截圖不穩定", "bad"),
    "not captured": ("本次未截圖", "muted"),
}
OUTCOMES = {"passed": "ok", "failed": "bad", "error": "bad", "skipped": "muted", "xfailed": "muted",
            "xpassed": "bad", "not run": "muted"}


@dataclass
class ScenarioResult:
    """One scenario of the run: its node id, "<feature>: <scenario>", guide tags, result."""

    nodeid: str
    name: str
    tags: list[str] = field(default_factory=list)
    outcome: str = "not run"
    reason: str = ""
    missing: list = field(default_factory=list)      # [(need tag, why)] when the target lacked it
    unchecked: dict = field(default_factory=dict)    # guide tag -> why this scenario did not check it
    findings: list = field(default_factory=list)     # what its screens lacked without failing it


@dataclass
class CoverageRow:
    key: str                      # "STEP 7" or "R-SUBMIT"
    title: str                    # the step's title, or the rule's summary
    scenarios: list[ScenarioResult]

    @property
    def anchor(self) -> str:
        return self.key.lower().replace(" ", "-")


def coverage(scenarios: Iterable[ScenarioResult]) -> list[CoverageRow]:
    """Every guide step 1-17, then every rule of the spec, with the scenarios tagged with it."""
    scenarios = list(scenarios)

    def tagged(tag: str) -> list[ScenarioResult]:
        return sorted((s for s in scenarios if tag in s.tags), key=lambda s: s.name)

    rows = [CoverageRow(f"STEP {n}", step.title, tagged(step_tag(n))) for n, step in STEPS.items()]
    rows += [CoverageRow(rule_id, rule.summary, tagged(rule_tag(rule_id))) for rule_id, rule in RULES.items()]
    return rows


def coverage_errors(rows: Iterable[CoverageRow]) -> list[str]:
    return [f"{row.key} ({row.title}) is checked by no scenario in this run" for row in rows if not row.scenarios]


# Writing ---------------------------------------------------------------------------------

def write_gallery(out_dir: Path, root: Path, shots: Mapping[int, Shot], rows: list[CoverageRow],
                  settings: Mapping | None = None) -> Path:
    """Write `out_dir`/index.html and copy the images it shows into `out_dir`/images/.
    Paths in `shots` are relative to `root`. Returns the page's path."""
    settings = dict(settings or {})
    out_dir = Path(out_dir)
    images = out_dir / "images"
    if images.exists():
        shutil.rmtree(images)
    images.mkdir(parents=True)
    stopped = settings.get("stopped")
    articles = [_step_article(n, shots.get(n), root, images,
                              stopped[1] if stopped and n >= stopped[0] else "") for n in STEPS]
    page = _PAGE.format(
        css=_CSS,
        header=_header(shots, rows, settings),
        steps="\n".join(articles),
        coverage=_coverage_table(rows, settings.get("summary")),
    )
    index = out_dir / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


def _copy(root: Path, relative: str | None, images: Path, name: str) -> str | None:
    if not relative:
        return None
    source = root / relative
    if not source.is_file():
        return None
    shutil.copyfile(source, images / name)
    return f"images/{name}"


def _figure(caption: str, src: str | None, alt: str) -> str:
    if src is None:
        return f'<figure class="empty"><figcaption>{caption}</figcaption><div class="none">（無）</div></figure>'
    return (f'<figure><figcaption>{caption}</figcaption><a href="{_e(src)}">'
            f'<img src="{_e(src)}" alt="{_e(alt)}" loading="lazy" width="1280" height="720"></a></figure>')


def _step_article(n: int, shot: Shot | None, root: Path, images: Path, stopped: str = "") -> str:
    step = STEPS[n]
    verdict = shot.verdict if shot else "not captured"
    words, css = VERDICTS.get(verdict, (verdict, "muted"))
    if shot:
        baseline = _copy(root, shot.baseline, images, step_file(n, "-baseline"))
        current = _copy(root, shot.current, images, step_file(n, "-current"))
        diff = _copy(root, shot.diff, images, step_file(n, "-diff"))
        marks = "".join(f"「{_e(label)}」" for label in shot.labels)
        numbers = f"；{shot.changed} 個像素不同（{percent(shot.ratio)}）" if shot.diff else ""
        detail = f'<p class="marks">紅框標示：{marks}{numbers}</p>' + _label_verdicts(shot)
        if shot.problem:
            detail += f'<pre class="problem">{_e(shot.problem)}</pre>'
        figures = f"""<div class="images">
    {_figure("基準圖 baseline", baseline, f"STEP {n} 的基準圖")}
    {_figure("本次截圖 current", current, f"STEP {n} 本次的截圖")}
    {_figure("差異 diff", diff, f"STEP {n} 的差異圖：紅色是變更的像素")}
  </div>"""
    else:
        detail = (f'<p class="marks">這次沒有拍這一步：{_e(stopped)}</p>' if stopped
                  else '<p class="marks">這次執行沒有走到這一步的截圖。</p>')
        figures = ""
    return f"""<article class="step {css}" id="step-{n}">
  <h2><span class="num">STEP {n}</span> {_e(step.title)} <span class="verdict {css}">{_e(words)}</span></h2>
  <p class="summary">{_e(step.summary)}</p>
  {detail}
  {figures}
</article>"""


def _label_verdicts(shot: Shot) -> str:
    """What the walk found of each label the guide quotes for the step (harness/guide/conformance.py)."""
    if not shot.conformance:
        return ""
    from .guide.regenerate import LABEL

    def one(v: dict) -> str:
        css = {"found": "ok", "not UI": "muted"}.get(v["verdict"], "bad")
        how = (f"（{v['role'] if v['by'] == 'role' else '文字'}）" if v["verdict"] == "found"
               else f"，畫面上是「{v['seen']}」" if v["verdict"] == "renamed"
               else f"（{v['reason']}）" if v["verdict"] == "not UI" else "")
        words = LABEL.get(v["verdict"], v["verdict"])
        return f'<span class="verdict {css}">「{_e(v["label"])}」{_e(words)}{_e(how)}</span>'
    return '<p class="marks">指南引用的標籤：' + " ".join(one(v) for v in shot.conformance) + "</p>"


def _header(shots: Mapping[int, Shot], rows: list[CoverageRow], settings: dict) -> str:
    counts: dict[str, int] = {}
    for n in STEPS:
        verdict = shots[n].verdict if n in shots else "not captured"
        counts[verdict] = counts.get(verdict, 0) + 1
    tally = "、".join(f'<span class="verdict {VERDICTS.get(v, (v, "muted"))[1]}">'
                     f'{_e(VERDICTS.get(v, (v, ""))[0])} {c}</span>' for v, c in counts.items())
    gaps = sum(1 for row in rows if not row.scenarios)
    versions = settings.get("versions") or {}
    facts = [
        f"產生時間 {datetime.now().strftime('%Y-%m-%d %H:%M')}",
        f"{_e(versions.get('chromium', '?'))}",
        f"fonts-noto-cjk {_e(versions.get('fonts_noto_cjk', '?'))}",
        f"像素門檻 {settings.get('threshold', '?')}，容許變更比例 {settings.get('max_diff_ratio', '?')}",
    ]
    if shots:
        facts.append(f"截圖共 {sum(s.capture_s for s in shots.values()):.1f} 秒，"
                     f"比對共 {sum(s.compare_ms for s in shots.values()):.0f} ms")
    if settings.get("update"):
        facts.append("本次以 --update-baselines 核准截圖為新的基準圖")
    warning = f'<p class="warning">{_e(settings["mismatch"])}</p>' if settings.get("mismatch") else ""
    warning = _summary_block(settings.get("summary")) + warning
    gap_line = (f'<p class="warning">覆蓋表有 {gaps} 個指南步驟或規則沒有任何情境檢查：本次執行視為失敗。</p>'
                if gaps else "")
    steps_nav = " ".join(f'<a href="#step-{n}">{n}</a>' for n in STEPS)
    return f"""<header>
  <h1>就業金卡重新申請指南：截圖與覆蓋表</h1>
  <p class="facts">{" ｜ ".join(facts)}</p>
  {warning}{gap_line}
  <p>17 個步驟：{tally}</p>
  <nav>STEP {steps_nav} ｜ <a href="#coverage">覆蓋表</a> ｜ <a href="../guide/index.html">重新產生的指南</a></nav>
</header>"""


SUMMARY_WORDS = {"checked": ("已檢查", "ok"), "failed": ("失敗", "bad"), "not checkable": ("此目標無法檢查", "muted"),
                 "not run": ("本次未執行", "muted")}


def _summary_block(summary) -> str:
    """The run's summary, as the terminal gives it: counts, and what lacked for the skips."""
    if summary is None:
        return ""
    needs = "、".join(f"@{_e(tag)} {n}" for tag, n in summary.skipped_by_need.items()) or "無"
    return (f'<p class="facts">目標 <strong>{_e(summary.target)}</strong>：執行 {summary.ran} 個情境'
            f"（通過 {summary.passed}、失敗 {summary.failed}），略過 {summary.skipped} 個；"
            f"略過原因（所缺的能力）：{needs}</p>"
            + "".join(f'<p class="warning">發現：{_e(finding)}（{n} 個情境）</p>'
                      for finding, n in summary.findings.items()))


def _coverage_table(rows: list[CoverageRow], summary=None) -> str:
    verdicts = {v.key: v for v in summary.verdicts} if summary is not None else {}
    body = []
    for row in rows:
        if row.scenarios:
            cells = "".join(
                f'<li><span class="verdict {OUTCOMES.get(s.outcome, "muted")}">{_e(s.outcome)}</span> '
                f'{_e(s.name)}{_reason(s)}</li>' for s in row.scenarios)
            where = f"<ul>{cells}</ul>"
            css = "bad" if any(OUTCOMES.get(s.outcome) == "bad" for s in row.scenarios) else "ok"
        else:
            where = '<p class="gap">沒有任何情境檢查這一項：本次執行的錯誤</p>'
            css = "gap"
        key = f'<a href="#step-{row.key.split()[1]}">{_e(row.key)}</a>' if row.key.startswith("STEP") else _e(row.key)
        on_target = ""
        if verdicts:
            verdict = verdicts.get(row.key)
            words, tone = SUMMARY_WORDS.get(verdict.verdict, (verdict.verdict, "muted")) if verdict else ("", "muted")
            why = f'<br><small class="reason">{_e("；".join(verdict.why))}</small>' if verdict and verdict.why else ""
            on_target = f'<td><span class="verdict {tone}">{_e(words)}</span>{why}</td>'
        body.append(f'<tr class="{css}" id="cov-{_e(row.anchor)}"><th scope="row">{key}</th>'
                    f"<td>{_e(row.title)}</td>{on_target}<td>{where}</td></tr>")
    target_column = '<th scope="col">在此目標上</th>' if verdicts else ""
    return ('<table><thead><tr><th scope="col">指南步驟／規則</th><th scope="col">內容</th>'
            f'{target_column}<th scope="col">檢查它的情境與本次結果</th></tr></thead><tbody>\n'
            + "\n".join(body) + "\n</tbody></table>")


def _reason(scenario: ScenarioResult) -> str:
    return f'<br><small class="reason">{_e(scenario.reason)}</small>' if scenario.reason else ""


def _e(text) -> str:
    return html.escape(str(text), quote=True)


_CSS = """
:root { font-family: "Noto Sans CJK TC", "Noto Sans TC", sans-serif; color: #1d1d1f; background: #f6f8fc; }
body { margin: 0 auto; max-width: 1900px; padding: 1rem 1.5rem 3rem; }
h1 { color: #1f3b73; margin: .2rem 0 .4rem; font-size: 1.6rem; }
header { position: sticky; top: 0; background: #f6f8fc; padding-bottom: .4rem; border-bottom: 1px solid #c9d3e6;
  z-index: 1; }
header p { margin: .3rem 0; }
nav a { margin-right: .35rem; }
.facts { color: #445; font-size: .9rem; }
.warning { background: #fdecea; border: 1px solid #f5c2bd; color: #a11; padding: .5rem .8rem; border-radius: 4px; }
.step { background: #fff; border: 1px solid #c9d3e6; border-left: 6px solid #9aa; border-radius: 6px;
  margin: 1.2rem 0; padding: .6rem 1rem 1rem; }
.step.ok { border-left-color: #2e7d32; } .step.bad { border-left-color: #c62828; }
.step.new { border-left-color: #1565c0; }
.step h2 { margin: .2rem 0; font-size: 1.25rem; color: #1f3b73; }
.num { display: inline-block; background: #1f3b73; color: #fff; border-radius: 4px; padding: 0 .5rem;
  margin-right: .3rem; }
.summary { margin: .3rem 0; }
.marks { color: #445; margin: .3rem 0; }
.problem { color: #a11; background: #fdecea; padding: .4rem .6rem; white-space: pre-wrap; border-radius: 4px; }
.verdict { display: inline-block; font-size: .85rem; border-radius: 10px; padding: 0 .6rem; color: #fff;
  background: #778; vertical-align: middle; }
.verdict.ok { background: #2e7d32; } .verdict.bad { background: #c62828; } .verdict.new { background: #1565c0; }
.images { display: grid; grid-template-columns: repeat(3, 1fr); gap: .8rem; }
figure { margin: 0; }
figcaption { font-weight: bold; color: #1f3b73; margin-bottom: .2rem; }
figure img { width: 100%; height: auto; border: 1px solid #c9d3e6; display: block; }
.none { aspect-ratio: 16 / 9; display: grid; place-items: center; border: 1px dashed #c9d3e6; color: #889; }
table { width: 100%; border-collapse: collapse; background: #fff; }
th, td { border: 1px solid #c9d3e6; padding: .35rem .55rem; text-align: left; vertical-align: top; }
thead th { background: #e8eef9; color: #1f3b73; }
tbody th { white-space: nowrap; }
tr.gap { background: #fdecea; } .gap { color: #a11; font-weight: bold; margin: 0; }
td ul { margin: 0; padding-left: 1rem; }
.reason { color: #667; }
"""

_PAGE = """<!doctype html>
<html lang="zh-Hant-TW">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>就業金卡重新申請指南：截圖與覆蓋表</title>
<style>{css}</style>
</head>
<body>
{header}
<main>
<section id="steps" aria-label="指南的 17 個步驟">
{steps}
</section>
<section id="coverage" aria-labelledby="coverage-title">
<h2 id="coverage-title">覆蓋表：每個指南步驟與規則由哪些情境檢查</h2>
{coverage}
</section>
</main>
</body>
</html>
"""
