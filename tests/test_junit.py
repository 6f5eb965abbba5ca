"""harness.junit: how the deviation matrix and the flake check read one JUnit test case."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from harness.junit import case_outcome


@pytest.mark.parametrize(("xml", "expected"), [
    ('<testcase><failure message="boom&#10;trace"/></testcase>', ("failed", "boom")),
    ('<testcase><error message="setup failed"/></testcase>', ("failed", "setup failed")),
    ("<testcase><failure/></testcase>", ("failed", "")),
    ('<testcase><skipped message="no display"/></testcase>', ("skipped", "")),
    ("<testcase/>", ("passed", "")),
])
def test_a_case_is_failed_skipped_or_passed(xml, expected):
    assert case_outcome(ET.fromstring(xml)) == expected


def test_the_message_is_cut_to_the_width_asked():
    case = ET.fromstring(f'<testcase><failure message="{"x" * 400}"/></testcase>')
    assert case_outcome(case) == ("failed", "x" * 200)
    assert case_outcome(case, width=300) == ("failed", "x" * 300)
