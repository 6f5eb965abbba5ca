"""A form control found by the label the guide gives it. By its accessible name first
(a real <label>, aria-label, aria-labelledby); where a portal only sets the label's text
beside the control (a table cell, a div), by that text and the first control after it,
and the screen's missing name is kept as a finding instead of failing the step."""

from __future__ import annotations

import re

# The guide labels whose control had no accessible name, since the report last collected
# them. One test runs at a time in a process (an xdist worker is a process), so one list serves.
_UNNAMED: list[str] = []
CONTROLS = "xpath=following::*[self::input[not(@type='hidden')] or self::select or self::textarea][1]"


def label_text(label: str) -> re.Pattern[str]:
    """The label's whole text, allowing the red * and a trailing colon around it."""
    return re.compile(r"^\s*\*?\s*" + re.escape(label) + r"\s*[:：]?\s*$")


def unnamed_finding(label: str) -> str:
    return f"「{label}」 has no accessible name: found by the text beside it"


def take_findings() -> list[str]:
    """What the screens lacked that the guide's reader would not miss (a control without an
    accessible name), since the last call: for the run's report."""
    found = [unnamed_finding(label) for label in dict.fromkeys(_UNNAMED)]
    _UNNAMED.clear()
    return found


def unnamed_on_screen(scope) -> list[str]:
    """The findings so far (without taking them) whose label is on this screen, shown or in
    a tab behind: the accessibility audit files each under the guide step that shows it,
    not under the step it happened to be audited after."""
    return [unnamed_finding(label) for label in dict.fromkeys(_UNNAMED)
            if scope.get_by_text(label_text(label)).count()]


class LabelledControls:
    """Controls within `scope` (a page, a tab panel, a dialog) by their guide label."""

    def __init__(self, scope) -> None:
        self.scope = scope

    def control(self, label: str):
        named = self.scope.get_by_label(label, exact=True)
        if named.count():
            return named
        beside = self.scope.get_by_text(label_text(label)).first.locator(CONTROLS)
        if beside.count():
            _UNNAMED.append(label)
            return beside
        return named      # neither: let the caller's expect say it is missing
