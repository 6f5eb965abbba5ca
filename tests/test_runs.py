"""harness.runs, the one way the scripts start pytest: what a run did is read from its JUnit
report (not from the human summary), a run out of time says so, and the machine line names
what the numbers were measured on."""

from __future__ import annotations

import os

from harness.runs import TIMED_OUT, machine, run_pytest

TESTS = '''
import pytest

def test_passes():
    pass

def test_fails():
    assert 1 == 2

@pytest.mark.skip(reason="not here")
def test_skipped():
    pass
'''


def test_a_run_is_read_back_from_its_junit_report(tmp_path):
    (tmp_path / "test_sample.py").write_text(TESTS)
    done = run_pytest(["test_sample.py"], junit=tmp_path / "reports" / "run.xml", cwd=tmp_path, timeout=120)
    assert done.returncode == 1, done.output
    assert done.outcomes() == {"passed": 1, "failed": 1, "skipped": 1}
    assert done.summary() == "1 passed, 1 failed, 1 skipped (pytest exit code 1)"
    assert done.command[1:3] == ["-m", "pytest"] and "--junitxml" in done.command
    assert done.seconds > 0


def test_a_report_left_by_an_earlier_run_is_not_read_as_this_ones(tmp_path):
    (tmp_path / "test_sample.py").write_text("def test_passes():\n    pass\n")
    junit = tmp_path / "run.xml"
    junit.write_text("<testsuites><testsuite><testcase name='old'><failure/></testcase></testsuite></testsuites>")
    done = run_pytest(["test_sample.py", "--collect-only"], junit=junit, cwd=tmp_path, timeout=120)
    assert "failed" not in done.outcomes()


def test_a_run_out_of_time_says_so(tmp_path):
    (tmp_path / "test_slow.py").write_text("import time\n\ndef test_slow():\n    time.sleep(60)\n")
    done = run_pytest(["test_slow.py"], junit=tmp_path / "run.xml", cwd=tmp_path, timeout=3)
    assert done.returncode == TIMED_OUT and done.timed_out
    assert "timed out after 3 s" in done.summary()


def test_the_machine_line_names_cpus_python_and_load():
    line = machine()
    assert line.startswith(f"{os.cpu_count()} × ")
    assert "Python 3." in line and "load average" in line
