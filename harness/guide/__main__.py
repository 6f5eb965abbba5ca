"""python -m harness.guide: the guide as a thing to read and compare.

  diff OLD NEW   what changed from OLD to NEW (each a guide document, a model .toml, or
                 `shipped` for the model the project ships), and which scenarios and
                 baselines each change touches. Exit 0: no change; 1: changes; 2: a file
                 that cannot be read (one line, no traceback).
  read DOC       the model of a guide document, as TOML (the shipped model's shape, with
                 its annotations carried over), e.g. to update the shipped model
  show [GUIDE]   each step with its labels and what the project knows of them
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .diff import diff, report
from .features import FEATURES, checked_units
from .model import SHIPPED, Guide, dumps, load
from .reader import ReadError, read

ROOT = Path(__file__).resolve().parents[2]


def open_guide(name: str) -> Guide:
    return load(SHIPPED) if name == "shipped" else read(name)


def show(guide: Guide) -> list[str]:
    lines = [f"{guide.title}: {len(guide.steps)} steps ({guide.source or 'shipped'})"]
    for step in guide.steps:
        lines.append(f"STEP {step.number} 「{step.title}」 rules: {', '.join(step.rules) or '-'}")
        for label in step.labels:
            flags = (["marked"] if label.marked else []) + ([f"not UI: {label.reason}"] if not label.ui else [])
            lines.append(f"    「{label.text}」" + (f"  ({'; '.join(flags)})" if flags else ""))
    for note in guide.notes:
        lines.append(f"{note.key} rules: {', '.join(note.rules) or '-'}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness.guide", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    compare = commands.add_parser("diff", help="what changed between two guides")
    compare.add_argument("old")
    compare.add_argument("new")
    commands.add_parser("read", help="a document's model as TOML").add_argument("document")
    commands.add_parser("show", help="steps and labels").add_argument("guide", nargs="?", default="shipped")
    args = parser.parse_args(argv)
    try:
        if args.command == "diff":
            old, new = open_guide(args.old), open_guide(args.new)
            changes = diff(old, new)
            print("\n".join(report(changes, checked_units(FEATURES), ROOT / "baselines", ROOT)))
            return 1 if changes else 0
        if args.command == "read":
            sys.stdout.write(dumps(read(args.document)))
            return 0
        print("\n".join(show(open_guide(args.guide))))
        return 0
    except ReadError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
