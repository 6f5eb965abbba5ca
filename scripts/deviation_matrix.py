#!/usr/bin/env python3
"""The deviation matrix: `.venv/bin/python scripts/deviation_matrix.py --help` (the logic,
and its tests' subject, is harness/deviation_matrix.py)."""

import sys

from harness.deviation_matrix import main

if __name__ == "__main__":
    sys.exit(main())
