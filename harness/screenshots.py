"""The guide's screenshots, re-taken: pin what varies, find the element a guide step marks
by its label, draw the guide's red box around it, capture until two shots agree, and
compare the capture with the approved baseline of the Chromium build and fonts it was
taken with (harness/compare.py).

Beside each capture, the screen by role and name with boxes (its aria snapshot), so a
changed screen is said in those terms first (harness/aria.py), and the verdict on each
label the guide quotes for the step (harness/guide/conformance.py).

Layout on disk, relative to the project root:
  baselines/<target>/chromium-<major>/step-NN.png      approved captures (kept in git)
  baselines/<target>/chromium-<major>/step-NN.aria.yml their aria snapshots, with boxes
  baselines/<target>/chromium-<major>/versions.json    {"chromium", "fonts_noto_cjk", "viewport", "taken"}
  reports/screenshots/step-NN.png             this run's captures
  reports/screenshots/step-NN.aria.yml        this run's aria snapshots
  reports/screenshots/step-NN-diff.png        changed pixels red over the faded baseline
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import shutil
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from . import aria
from .compare import DEFAULT_MAX_DIFF_RATIO, DEFAULT_THRESHOLD, compare, percent

# What the captures are pinned to: one instant for the portal and the browser (a Monday
# morning in Taipei), and one Faker seed (the guide's date) for every applicant value.
TAIPEI = timezone(timedelta(hours=8))
PINNED_MOMENT = datetime(2026, 3, 2, 10, 0, 0, tzinfo=TAIPEI)
PINNED_FAKER_SEED = 20240730

HIGHLIGHT_RED = "#e53935"         # the guide's red boxes
HIGHLIGHT_PAD = 4                 # px between the element and its box
MASK_COLOUR = "#9e9e9e"           # what a masked element (the captcha) looks like
CAPTURE_TRIES = 3                 # shots until two consecutive ones agree
LOCATE_TIMEOUT_S = 5.0            # how long a marked element may take to appear

# Where a guide label is looked for, in this order: controls by role and accessible name,
# then form controls by label, then any element whose whole text is the label.
ARIA_ROLES = ("button", "link", "tab", "checkbox", "radio", "combobox", "textbox", "timer", "heading")


def step_file(step: int, suffix: str = "", ext: str = ".png") -> str:
    return f"step-{step:02d}{suffix}{ext}"


ARIA = ".aria.yml"


def read_screen(page) -> str:
    """The screen by role and name, with each node's box: what `aria.parse` reads."""
    return page.aria_snapshot(boxes=True)


# Pinning --------------------------------------------------------------------------------

def pin_clocks(clocks, moment: datetime = PINNED_MOMENT) -> datetime:
    """Stop the portal's clock and the browser's at `moment`, on the suite's `Clocks`
    (conftest): the portal by the control API, the browser by setting the paused fake
    clock's system time (which, unlike pause_at, may go back in time)."""
    clocks.now = clocks.control.set_now(moment, frozen=True)
    clocks.context.clock.set_system_time(moment)
    return clocks.now


def pin_faker(faker, seed: int = PINNED_FAKER_SEED):
    """Re-seed the test's Faker so every applicant value is the same on every run."""
    faker.seed_instance(seed)
    faker.unique.clear()
    return faker


# Finding and marking what the guide marks ------------------------------------------------

def label_pattern(label: str) -> re.Pattern[str]:
    """The whole label, with any whitespace allowed between its characters (a button's
    text may wrap: 「我要申請登入系統」 shows as 我要申請 / 登入系統)."""
    return re.compile(r"^\s*" + r"\s*".join(re.escape(ch) for ch in label if not ch.isspace()) + r"\s*$")


def _scopes(page) -> list:
    """Where a marked element is looked for: an open dialog first (「確定」 of STEP 11, 12
    and 15 is the dialog's), then the page."""
    dialog = page.get_by_role("dialog").filter(visible=True)
    return ([dialog.first] if dialog.count() else []) + [page]


def _candidates(scope, pattern) -> list:
    """In order of preference: controls by role and name, form controls by label, then any
    element whose whole text is the label."""
    return [scope.get_by_role(role, name=pattern) for role in ARIA_ROLES] + [scope.get_by_label(pattern),
                                                                       scope.get_by_text(pattern)]


def locate(page, label: str):
    """The visible element a guide step marks with `label`, or None."""
    pattern = label_pattern(label)
    for scope in _scopes(page):
        for candidate in _candidates(scope, pattern):
            visible = candidate.filter(visible=True)
            if visible.count():
                return visible.first
    return None


def locate_all(page, labels: Sequence[str], timeout_s: float = LOCATE_TIMEOUT_S) -> dict:
    """Each label's element (None for one not found). A capture may follow a click whose
    screen is still coming: first wait (Playwright's own waiting, up to `timeout_s` in all)
    until each label shows in any of its forms, then pick each one's preferred form. Marked
    controls must be usable (a page script enables them once it runs), and the fonts loaded."""
    deadline = time.monotonic() + timeout_s
    for label in labels:
        anything = functools.reduce(lambda a, b: a.or_(b), _candidates(page, label_pattern(label)))
        left_ms = max(0.0, deadline - time.monotonic()) * 1000
        with contextlib.suppress(PlaywrightTimeoutError):
            anything.filter(visible=True).first.wait_for(state="visible", timeout=left_ms or 1)
    found = {label: locate(page, label) for label in labels}
    for element in found.values():
        if element is not None:
            with contextlib.suppress(AssertionError):       # what is not a control is "enabled" at once
                expect(element).to_be_enabled(timeout=max(1.0, (deadline - time.monotonic()) * 1000))
    page.evaluate("() => document.fonts.ready.then(() => true)")
    return found


# The box around an element: the element with its <label>s and aria-labelledby elements
# (a checkbox's box takes in its words), in viewport coordinates.
_BOX_JS = """el => {
  const rects = [el.getBoundingClientRect()];
  for (const label of el.labels || []) rects.push(label.getBoundingClientRect());
  for (const id of (el.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean)) {
    const other = document.getElementById(id);
    if (other) rects.push(other.getBoundingClientRect());
  }
  const shown = rects.filter(r => r.width > 1 && r.height > 1);
  if (!shown.length) return null;
  const left = Math.min(...shown.map(r => r.left)), top = Math.min(...shown.map(r => r.top));
  const right = Math.max(...shown.map(r => r.right)), bottom = Math.max(...shown.map(r => r.bottom));
  return {x: left, y: top, width: right - left, height: bottom - top};
}"""

# Several boxes are numbered (1), (2)… like the guide's; a number goes left of its box,
# else above, right or below: the first place where it covers no control or image.
_DRAW_JS = """([boxes, colour, pad]) => {
  const TAG_W = 30, TAG_H = 20, GAP = 3;
  const busy = (x, y) => {
    const hit = document.elementFromPoint(x, y);
    return !!hit && (hit.matches("a, button, input, select, textarea, label, img, [role=button], [role=tab]")
                     || !!hit.closest("a, button, label"));
  };
  const free = (l, t) => l >= 0 && t >= 0 && l + TAG_W <= innerWidth && t + TAG_H <= innerHeight
    && ![[l, t], [l + TAG_W, t], [l, t + TAG_H], [l + TAG_W, t + TAG_H], [l + TAG_W / 2, t + TAG_H / 2]]
         .some(([x, y]) => busy(x, y));
  const frames = boxes.map((box) => {
    const f = {left: box.x - pad, top: box.y - pad, width: box.width + 2 * pad, height: box.height + 2 * pad};
    if (box.number) {
      const places = [
        [f.left - TAG_W - GAP, f.top], [f.left, f.top - TAG_H - GAP],
        [f.left + f.width + GAP, f.top], [f.left, f.top + f.height + GAP]];
      f.tag = places.find(([l, t]) => free(l, t)) || places[0];
      f.number = box.number;
    }
    return f;
  });
  for (const f of frames) {
    const frame = document.createElement("div");
    frame.setAttribute("data-guide-highlight", "");
    Object.assign(frame.style, {
      position: "fixed", boxSizing: "border-box", pointerEvents: "none", zIndex: "2147483647",
      left: f.left + "px", top: f.top + "px", width: f.width + "px", height: f.height + "px",
      border: "3px solid " + colour, borderRadius: "4px",
    });
    document.documentElement.appendChild(frame);
    if (!f.tag) continue;
    const tag = document.createElement("div");
    tag.setAttribute("data-guide-highlight", "");
    tag.textContent = "(" + f.number + ")";
    Object.assign(tag.style, {
      position: "fixed", pointerEvents: "none", zIndex: "2147483647", boxSizing: "border-box",
      left: f.tag[0] + "px", top: f.tag[1] + "px", width: TAG_W + "px", height: TAG_H + "px",
      font: "bold 14px/20px sans-serif", textAlign: "center", color: "#fff", background: colour,
      borderRadius: "3px",
    });
    document.documentElement.appendChild(tag);
  }
}"""

_REMOVE_JS = "() => document.querySelectorAll('[data-guide-highlight]').forEach(el => el.remove())"


def draw_highlights(page, elements: Sequence) -> None:
    """Red boxes around `elements`, numbered (1), (2)… by their place in the list when
    there are several (None for a label not found keeps its number unused); the first
    found is scrolled into view first, so the capture shows what the guide marks."""
    shown = [(number, el) for number, el in enumerate(elements, start=1) if el is not None]
    if shown:
        shown[0][1].scroll_into_view_if_needed()
    boxes = []
    for number, element in shown:
        box = element.evaluate(_BOX_JS)
        if box:
            boxes.append({**box, "number": number if len(elements) > 1 else None})
    page.evaluate(_DRAW_JS, [boxes, HIGHLIGHT_RED, HIGHLIGHT_PAD])


def remove_highlights(page) -> None:
    page.evaluate(_REMOVE_JS)


# Capturing ------------------------------------------------------------------------------

@dataclass
class Capture:
    png: bytes
    stable: bool          # two consecutive shots agreed
    shots: int
    seconds: float = 0.0  # spent shooting


def capture(page, masks: Iterable = (), tries: int = CAPTURE_TRIES) -> Capture:
    """The viewport, shot until two consecutive shots are byte-identical (at most
    `tries` shots): animations off, caret hidden, CSS pixels, `masks` painted over."""
    masks = list(masks)
    started = time.perf_counter()

    def shoot() -> bytes:
        return page.screenshot(animations="disabled", caret="hide", scale="css", mask=masks,
                               mask_color=MASK_COLOUR)

    shots = [shoot()]
    while len(shots) < tries:
        shots.append(shoot())
        if shots[-1] == shots[-2]:
            return Capture(shots[-1], True, len(shots), time.perf_counter() - started)
    return Capture(shots[-1], False, len(shots), time.perf_counter() - started)


# Baselines ------------------------------------------------------------------------------

def chromium_major(chromium: str) -> str:
    """"Chromium 156.0.8078.114 built on Debian…" -> "156"; "unknown" when unreadable."""
    found = re.search(r"(\d+)\.\d+\.\d+", chromium)
    return found.group(1) if found else "unknown"


def baseline_dir(root: Path, target: str, versions: dict) -> Path:
    """Baselines belong to one target and one browser build: baselines/<target>/chromium-<major>."""
    return root / target / f"chromium-{chromium_major(versions.get('chromium', ''))}"


VERSION_KEYS = ("chromium", "fonts_noto_cjk", "viewport")


def version_mismatch(directory: Path, running: dict, approve_hint: str) -> str | None:
    """None when `directory` holds baselines taken with the running Chromium build, fonts
    and viewport; else one plain sentence saying what differs and what to do."""
    versions_file = directory / "versions.json"
    target = directory.parent.name
    if not directory.parent.is_dir():
        return (f"Screens not compared: no baseline yet for {target}. This run's captures are in "
                f"reports/screenshots/; {approve_hint}")
    if not versions_file.is_file():
        others = sorted(p.name for p in directory.parent.glob("chromium-*") if p.is_dir())
        have = f" (there are baselines for: {', '.join(others)})" if others else ""
        return (f"Screens not compared: there are no baselines for {running.get('chromium')} "
                f"in baselines/{target}/{directory.name}/{have}. This run's captures are in reports/screenshots/; "
                f"{approve_hint}")
    taken = json.loads(versions_file.read_text(encoding="utf-8"))
    differs = [key for key in VERSION_KEYS if taken.get(key) != running.get(key)]
    if not differs:
        return None
    what = "; ".join(f"{key} {taken.get(key)!r} there, {running.get(key)!r} here" for key in differs)
    return (f"Screens not compared: the baselines in baselines/{target}/{directory.name}/ were taken "
            f"with another set-up ({what}), so pixels would differ for reasons that are not the portal's. "
            f"This run's captures are in reports/screenshots/; {approve_hint}")


# One scenario's captures ------------------------------------------------------------------

SAME, CHANGED, NO_BASELINE, NOT_COMPARED, APPROVED, NOT_APPROVED = (
    "same", "changed", "no baseline", "not compared", "approved", "not approved")


@dataclass
class Shot:
    """One guide step's capture and its verdict, as the gallery shows it."""

    step: int
    labels: list[str]
    current: str                       # paths relative to the project root
    baseline: str | None = None
    diff: str | None = None
    verdict: str = NOT_COMPARED
    changed: int = 0
    ratio: float = 0.0
    stable: bool = True
    missing: list[str] = field(default_factory=list)   # labels not found on the screen
    problem: str = ""                  # the failure line for this step, if any
    aria: str | None = None            # this capture's aria snapshot file
    structure: str = ""                # what changed by role and name, when the screen changed
    conformance: list[dict] = field(default_factory=list)   # a LabelVerdict per label the guide quotes
    shots: int = 0                     # screenshots taken until two agreed
    capture_s: float = 0.0             # time spent shooting
    compare_ms: float = 0.0            # time spent comparing with the baseline

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Shot:
        return cls(**data)


@dataclass
class Settings:
    root: Path                         # the project root
    baselines: Path                    # baselines/<target>/chromium-<major>
    running: dict                      # versions of this run (chromium, fonts, viewport)
    threshold: float = DEFAULT_THRESHOLD
    max_diff_ratio: float = DEFAULT_MAX_DIFF_RATIO
    update: bool = False
    approve_hint: str = "approve them with scripts/run-screenshots.sh --update-baselines"

    @property
    def out(self) -> Path:
        return self.root / "reports" / "screenshots"


class ScreenshotRun:
    """The captures of one scenario: each is written, compared (or kept for approval) and
    recorded; `finish` then fails once, naming every step whose screen changed, approves
    the set, or says once why nothing was compared."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.shots: dict[int, Shot] = {}
        self.checked = False           # the scenario reached its final check
        self.stopped: tuple[int, str] | None = None   # (first step not captured, why)
        self.mismatch = None if settings.update else version_mismatch(
            settings.baselines, settings.running, settings.approve_hint)

    def rel(self, path: Path) -> str:
        return path.relative_to(self.settings.root).as_posix()

    def record(self, step: int, labels: list[str], shot: Capture, missing: list[str], screen: str = "",
               verdicts: Iterable = ()) -> Shot:
        """`screen` is the aria snapshot taken with the capture; `verdicts` the guide's
        labels judged on it (a renamed or missing one fails the step)."""
        s = self.settings
        s.out.mkdir(parents=True, exist_ok=True)
        current = s.out / step_file(step)
        current.write_bytes(shot.png)
        verdicts = list(verdicts)
        result = Shot(step, list(labels), self.rel(current), stable=shot.stable, missing=list(missing),
                      shots=shot.shots, capture_s=round(shot.seconds, 3),
                      conformance=[v.to_dict() for v in verdicts])
        if screen:
            aria_file = s.out / step_file(step, ext=ARIA)
            aria_file.write_text(screen + "\n", encoding="utf-8")
            result.aria = self.rel(aria_file)
        baseline = s.baselines / step_file(step)
        if s.update:
            result.verdict = APPROVED if shot.stable else NOT_APPROVED
            if not shot.stable:
                result.problem = (f"STEP {step}: {shot.shots} consecutive captures all differed, so this "
                                  f"screen is not stable enough to approve")
        elif self.mismatch:
            result.verdict = NOT_COMPARED
        elif not baseline.is_file():
            result.verdict = NO_BASELINE
            result.problem = f"STEP {step}: no approved baseline at {self.rel(baseline)}; {s.approve_hint}"
        else:
            started = time.perf_counter()
            comparison = compare(baseline.read_bytes(), shot.png, threshold=s.threshold)
            result.compare_ms = round((time.perf_counter() - started) * 1000, 2)
            diff = comparison.save_diff(s.out / step_file(step, "-diff"))
            result.baseline, result.diff = self.rel(baseline), self.rel(diff)
            result.changed, result.ratio = comparison.changed, comparison.ratio
            if comparison.within(s.max_diff_ratio):
                result.verdict = SAME
            else:
                result.verdict = CHANGED
                what = comparison.describe() if comparison.size_changed else (
                    f"{comparison.changed} pixels ({percent(comparison.ratio)}) differ")
                baseline_aria = s.baselines / step_file(step, ext=ARIA)
                if screen and baseline_aria.is_file():
                    result.structure = aria.describe(baseline_aria.read_text(encoding="utf-8"), screen)
                said = f"{result.structure}; " if result.structure else ""
                result.problem = f"STEP {step}: the screen changed: {said}{what}; diff at {result.diff}"
        if missing:
            marked = "".join(f"「{label}」" for label in missing)
            note = f"STEP {step}: {marked}, which the guide marks, is not on the screen"
            result.problem = f"{result.problem}\n{note}" if result.problem else note
        for verdict in verdicts:
            if verdict.fails:
                line = verdict.line(step)
                result.problem = f"{result.problem}\n{line}" if result.problem else line
        if result.baseline is None and baseline.is_file():
            result.baseline = self.rel(baseline)
        self.shots[step] = result
        return result

    def stop_before(self, step: int, why: str) -> None:
        """The walk ends here on purpose: this step and the ones after it are not captured."""
        self.stopped = (step, why)

    def stopped_before(self, step: int) -> bool:
        return self.stopped is not None and step >= self.stopped[0]

    def problems(self) -> list[str]:
        return [shot.problem for _, shot in sorted(self.shots.items()) if shot.problem]

    def approve(self, expected_steps: Iterable[int]) -> Path:
        """Write every capture as the new baseline set, with versions.json; refused (and
        nothing written) when a step is missing or was not stable."""
        expected = sorted(expected_steps)
        missing = [n for n in expected if n not in self.shots]
        if missing:
            raise AssertionError("baselines not approved: no capture of " + ", ".join(f"STEP {n}" for n in missing))
        problems = self.problems()
        if problems:
            raise AssertionError("baselines not approved:\n" + "\n".join(problems))
        directory = self.settings.baselines
        directory.mkdir(parents=True, exist_ok=True)
        for old in [*directory.glob("step-*.png"), *directory.glob(f"step-*{ARIA}")]:
            old.unlink()
        for step, shot in sorted(self.shots.items()):
            target = directory / step_file(step)
            shutil.copyfile(self.settings.root / shot.current, target)
            shot.baseline = self.rel(target)
            if shot.aria:
                shutil.copyfile(self.settings.root / shot.aria, directory / step_file(step, ext=ARIA))
        versions = {key: self.settings.running.get(key) for key in VERSION_KEYS}
        versions["taken"] = date.today().isoformat()
        (directory / "versions.json").write_text(json.dumps(versions, indent=2, ensure_ascii=False) + "\n",
                                                 encoding="utf-8")
        return directory
