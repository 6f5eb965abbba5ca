"""What a guide author would not call a change in a label: 臺 for 台, full- or
half-width forms, punctuation (a trailing colon, *, ?, 。, the transcription's stray
hyphen in 「編輯-」), and whitespace (a button's text that wraps). Two labels that
normalise alike are the same label; everything else about them counts."""

from __future__ import annotations

import unicodedata

_SAME_CHARACTER = str.maketrans({"臺": "台"})


def normalise(text: str) -> str:
    """`text` as compared: NFKC (full-width to half-width), 臺 as 台, and no whitespace,
    punctuation or symbol marks (Unicode categories Z*, P*, and the `*` and `-` forms)."""
    folded = unicodedata.normalize("NFKC", text).translate(_SAME_CHARACTER)
    return "".join(ch for ch in folded
                   if not ch.isspace() and unicodedata.category(ch)[0] not in "PZ" and ch not in "*＊")
