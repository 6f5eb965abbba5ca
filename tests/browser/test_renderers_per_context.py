"""Each browser context costs Chromium one renderer process, not three: harness/browser.py
turns off the omnibox popup's WebUI and the spare renderer that the new headless mode
starts with every context (docs/benchmarks.md). Should a Chromium update rename those
features, the flag stops working without a word; this test is what says so."""

from __future__ import annotations


def renderers(browser) -> int:
    """Renderer processes of this browser, as Chromium itself lists them."""
    session = browser.new_browser_cdp_session()
    try:
        return sum(1 for process in session.send("SystemInfo.getProcessInfo")["processInfo"]
                   if process["type"] == "renderer")
    finally:
        session.detach()


def test_a_context_with_one_page_runs_one_renderer(browser):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto("data:text/html,<p>one page</p>")
        page.get_by_text("one page").wait_for()
        assert renderers(browser) == 1, (
            "Chromium starts more than one renderer for a context with one page: the "
            "--disable-features flag in harness/browser.CHROMIUM_ARGS no longer applies")
    finally:
        context.close()
