"""The guide as input: its model, a reader for its published text form, label
conformance on each screen, and diffs between two versions (python -m harness.guide)."""
