"""What became of one test case in pytest's JUnit XML. The deviation matrix and the flake
check both judge runs from these reports, so they must read a case the same way."""

from __future__ import annotations

import xml.etree.ElementTree as ET


def case_outcome(case: ET.Element, width: int = 200) -> tuple[str, str]:
    """("failed", first line of the message), ("skipped", "") or ("passed", ""). A setup or
    teardown error counts as a failure."""
    problem = case.find("failure")
    if problem is None:
        problem = case.find("error")
    if problem is not None:
        return "failed", ((problem.get("message") or "").splitlines() or [""])[0][:width]
    if case.find("skipped") is not None:
        return "skipped", ""
    return "passed", ""
