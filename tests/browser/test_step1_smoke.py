"""Smoke test in a real Chromium: STEP 1, the platform's entry page, renders its
Chinese labels with real glyphs (not the empty boxes Chromium draws without CJK fonts)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Page, expect

ENTRY = "/coa-frontend/four-in-one/entry/main?lang=zh"
REPORTS = Path(__file__).resolve().parents[2] / "reports" / "smoke"


def glyph(page: Page, char: str) -> np.ndarray:
    """A character drawn alone, large, as a greyscale pixel array."""
    handle = page.evaluate_handle(
        """char => {
            const span = document.createElement("span");
            span.textContent = char;
            span.style.cssText = "font-size:64px;line-height:1;display:inline-block;background:#fff;color:#000";
            document.body.append(span);
            return span;
        }""",
        char,
    )
    png = handle.as_element().screenshot()
    handle.evaluate("span => span.remove()")
    return np.asarray(Image.open(BytesIO(png)).convert("L"))


@pytest.mark.browser
def test_step_1_entry_page_shows_chinese_text(page: Page, portal):
    page.goto(portal.url + ENTRY)
    expect(page.get_by_text("外國專業人才申辦窗口平臺").first).to_be_visible()
    expect(page.get_by_role("heading", name="線上申辦項目")).to_be_visible()
    REPORTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=REPORTS / "step-1.png", full_page=True)

    # Without CJK fonts every character is the same empty box; real glyphs differ.
    first, second = glyph(page, "外"), glyph(page, "國")
    assert first.shape == second.shape
    assert (first < 128).any(), "STEP 1: the character 外 drew no ink"
    assert (first != second).mean() > 0.05, (
        "STEP 1: 外 and 國 render identically: Chinese text shows as boxes; install fonts-noto-cjk"
    )
