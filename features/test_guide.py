"""Binds every feature file in this folder to pytest: each Gherkin scenario becomes a
test. The step definitions live in steps/ and are loaded by the root conftest."""

from pytest_bdd import scenarios

scenarios(".")
