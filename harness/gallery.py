"""The authors' gallery: one static HTML page (reports/gallery/index.html, images beside
it, relative links only, so it opens from disk and can be zipped) with, for every guide
step, its number and title, our summary of what the guide says there, the baseline, this
run's capture and the diff side by side, and the verdict; then a coverage table of every
guide step and every rule against the scenarios that check it and their result.

A step or rule that no scenario checked is not left blank: `coverage_errors` names it and
the plugin fails the run."""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .accessibility import FAILING_IMPACTS
from .compare import percent
from .guide.regenerate import LABEL
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
# The page is a Jinja template with autoescaping (harness/templates/gallery.html), as the
# portal's pages are: every text from a run (scenario names, failure lines, labels) is
# escaped by the template, never by hand. This module only gathers what the page shows.

_ENV = Environment(loader=PackageLoader("harness", "templates"), autoescape=select_autoescape(default=True),
                   undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)

SUMMARY_WORDS = {"checked": ("已檢查", "ok"), "failed": ("失敗", "bad"), "not checkable": ("此目標無法檢查", "muted"),
                 "not run": ("本次未執行", "muted")}


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
    summary = settings.get("summary")
    audited = (settings.get("accessibility") or {}).get("steps", {})
    page = _ENV.get_template("gallery.html").render(
        facts=_facts(shots, settings),
        summary=summary,
        needs="、".join(f"@{tag} {n}" for tag, n in summary.skipped_by_need.items()) if summary else "",
        mismatch=settings.get("mismatch"),
        gaps=sum(1 for row in rows if not row.scenarios),
        tally=_tally(shots),
        step_numbers=list(STEPS),
        articles=[_article(n, shots.get(n), root, images, stopped[1] if stopped and n >= stopped[0] else "",
                           audited.get(str(n))) for n in STEPS],
        audited=bool(audited),
        on_target=summary is not None,
        rows=_coverage_rows(rows, summary),
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


def _article(n: int, shot: Shot | None, root: Path, images: Path, stopped: str = "", audit: dict | None = None) -> dict:
    """One guide step: our summary of it, the three images and the verdicts, and the
    step's accessibility audit when the walk made one."""
    step = STEPS[n]
    verdict = shot.verdict if shot else "not captured"
    words, css = VERDICTS.get(verdict, (verdict, "muted"))
    article = {"n": n, "title": step.title, "summary": step.summary, "words": words, "css": css,
               "captured": shot is not None, "stopped": stopped, "audit": _audit(audit) if audit else None}
    if shot:
        article.update(
            labels=shot.labels,
            numbers=f"；{shot.changed} 個像素不同（{percent(shot.ratio)}）" if shot.diff else "",
            conformance=[_label_verdict(v) for v in shot.conformance],
            problem=shot.problem,
            figures=[
                {"caption": "基準圖 baseline", "alt": f"STEP {n} 的基準圖",
                 "src": _copy(root, shot.baseline, images, step_file(n, "-baseline"))},
                {"caption": "本次截圖 current", "alt": f"STEP {n} 本次的截圖",
                 "src": _copy(root, shot.current, images, step_file(n, "-current"))},
                {"caption": "差異 diff", "alt": f"STEP {n} 的差異圖：紅色是變更的像素",
                 "src": _copy(root, shot.diff, images, step_file(n, "-diff"))},
            ])
    return article


def _audit(step: dict) -> dict:
    """A step's part of reports/accessibility.json as the gallery shows it: each rule with
    its elements by role and name, new ones (which fail at serious or critical) marked."""
    new = {(v["rule"], e["role"], e["name"], e["selector"]) for v in step.get("new", []) for e in v["elements"]}

    def element(rule: str, e: dict) -> dict:
        said = f"{e['role'] or '無角色'}「{e['name']}」" if e["name"] else f"{e['role'] or '元素'}（沒有名稱）"
        return {"said": said, "selector": e["selector"], "new": (rule, e["role"], e["name"], e["selector"]) in new}

    rules = [{"rule": v["rule"], "impact": v["impact"], "help": v.get("help", ""),
              "elements": [element(v["rule"], e) for e in v["elements"]]} for v in step.get("violations", [])]
    for rule in rules:
        rule["css"] = "bad" if any(e["new"] for e in rule["elements"]) and rule["impact"] in FAILING_IMPACTS \
            else "muted"
    return {"rules": rules, "fixed": [v["rule"] for v in step.get("fixed", [])],
            "fallback": step.get("label_fallback", []), "seconds": step.get("seconds", 0)}


def _label_verdict(v: dict) -> dict:
    """What the walk found of one label the guide quotes for the step (harness/guide/conformance.py)."""
    how = (f"（{v['role'] if v['by'] == 'role' else '文字'}）" if v["verdict"] == "found"
           else f"，畫面上是「{v['seen']}」" if v["verdict"] == "renamed"
           else f"（{v['reason']}）" if v["verdict"] == "not UI" else "")
    return {"label": v["label"], "words": LABEL.get(v["verdict"], v["verdict"]), "how": how,
            "css": {"found": "ok", "not UI": "muted"}.get(v["verdict"], "bad")}


def _tally(shots: Mapping[int, Shot]) -> list[tuple[str, str, int]]:
    counts: dict[str, int] = {}
    for n in STEPS:
        verdict = shots[n].verdict if n in shots else "not captured"
        counts[verdict] = counts.get(verdict, 0) + 1
    return [(*VERDICTS.get(v, (v, "muted")), c) for v, c in counts.items()]


def _facts(shots: Mapping[int, Shot], settings: dict) -> list[str]:
    versions = settings.get("versions") or {}
    facts = [
        f"產生時間 {datetime.now().strftime('%Y-%m-%d %H:%M')}",
        f"{versions.get('chromium', '?')}",
        f"fonts-noto-cjk {versions.get('fonts_noto_cjk', '?')}",
        f"像素門檻 {settings.get('threshold', '?')}，容許變更比例 {settings.get('max_diff_ratio', '?')}",
    ]
    if shots:
        facts.append(f"截圖共 {sum(s.capture_s for s in shots.values()):.1f} 秒，"
                     f"比對共 {sum(s.compare_ms for s in shots.values()):.0f} ms")
    if settings.get("update"):
        facts.append("本次以 --update-baselines 核准截圖為新的基準圖")
    return facts


def _coverage_rows(rows: list[CoverageRow], summary=None) -> list[dict]:
    verdicts = {v.key: v for v in summary.verdicts} if summary is not None else {}
    shown = []
    for row in rows:
        if row.scenarios:
            css = "bad" if any(OUTCOMES.get(s.outcome) == "bad" for s in row.scenarios) else "ok"
        else:
            css = "gap"
        verdict = verdicts.get(row.key)
        words, tone = SUMMARY_WORDS.get(verdict.verdict, (verdict.verdict, "muted")) if verdict else ("", "muted")
        shown.append({
            "key": row.key, "title": row.title, "anchor": row.anchor, "css": css,
            "step": row.key.split()[1] if row.key.startswith("STEP") else None,
            "scenarios": [{"outcome": s.outcome, "css": OUTCOMES.get(s.outcome, "muted"), "name": s.name,
                           "reason": s.reason} for s in row.scenarios],
            "target": {"words": words, "tone": tone, "why": "；".join(verdict.why) if verdict else ""},
        })
    return shown
