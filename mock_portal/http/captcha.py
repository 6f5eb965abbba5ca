"""The captcha image of STEP 5: the session's captcha text drawn as SVG, each glyph a
little turned and shifted, with a few lines across. The wobble comes from the text
itself, so the same captcha always looks the same."""

from __future__ import annotations

import hashlib
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 150, 44


def captcha_svg(text: str) -> str:
    seed = hashlib.sha256(text.encode()).digest()
    glyphs = []
    for i, char in enumerate(text):
        angle = seed[i] % 31 - 15
        dy = seed[i + 8] % 9 - 4
        x = 14 + i * 22
        y = 30 + dy
        glyphs.append(
            f'<text x="{x}" y="{y}" transform="rotate({angle} {x} {y})" '
            f'font-family="DejaVu Sans Mono, monospace" font-size="24" font-weight="bold" '
            f'fill="#1f3b73">{escape(char)}</text>'
        )
    lines = []
    for j in range(3):
        y1, y2 = seed[16 + j] % HEIGHT, seed[20 + j] % HEIGHT
        lines.append(f'<line x1="0" y1="{y1}" x2="{WIDTH}" y2="{y2}" stroke="#9aa7c7" stroke-width="1"/>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">'
        f'<rect width="100%" height="100%" fill="#eef2fa"/>{"".join(lines)}{"".join(glyphs)}</svg>'
    )
