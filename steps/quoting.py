"""How the features quote the guide: several labels in a row, 「A」「B」「C」, are one
parameter of a phrase, read into a list by the phrase's parser (`{labels:Labels}`)."""

from __future__ import annotations

from pytest_bdd import parsers


def _labels(text: str) -> list[str]:
    return text.split("」「")


def quoted(phrase: str):
    """`parsers.parse(phrase)` that also knows `{name:Labels}`: the labels between the
    phrase's own outer 「 and 」, as a list."""
    return parsers.parse(phrase, extra_types={"Labels": _labels})
