"""A form control found by the label the guide gives it. By its accessible name first
(a real <label>, aria-label, aria-labelledby); where a portal only sets the label's text
beside the control (a table cell, a div), by that text and the first control after it,
and the screen's missing name is kept as a finding instead of failing the step."""

from __future__ import annotations

import re

# What the screens lacked since the report last collected it. One test runs at a time in a
# process (an xdist worker is a process), so one list serves.
_FINDINGS: list[str] = []
CONTROLS = "xpath=following::*[self::input[not(@type='hidden')] or self::select or self::textarea][1]"


def label_text(label: str) -> re.Pattern[str]:
    """The label's whole text, allowing the red * and a trailing colon around it."""
    return re.compile(r"^\s*\*?\s*" + re.escape(label) + r"\s*[:：]?\s*$")


def take_findings() -> list[str]:
    """What the screens lacked that the guide's reader would not miss (a control without an
    accessible name), since the last call: for the run's report."""
    found = list(dict.fromkeys(_FINDINGS))
    _FINDINGS.clear()
    return found


def peek_findings() -> list[str]:
    """The same, without taking them (the accessibility audit reads them per guide step)."""
    return list(dict.fromkeys(_FINDINGS))


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
            _FINDINGS.append(f"「{label}」 has no accessible name: found by the text beside it")
            return beside
        return named      # neither: let the caller's expect say it is missing
