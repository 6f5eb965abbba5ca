"""STEP 8-17 over raw HTTP with tests/http/client.py's Browser: answer the 「新增申請人」
dialog, 「儲存」 a complete form with its uploads, 「送出」, and read back what the portal
shows. Used by the load and hostile-input tests, which need many sessions at once and
no browser."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlsplit

from mock_portal.domain import catalog, questionnaire
from tests.domain.builders import valid_values
from tests.http.client import Browser

NEW_APPLICANT = {questionnaire.HOLDER: "否", questionnaire.IN_TAIWAN: "否(境外申請)",
                 questionnaire.ROC_NATIONALITY: "否"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
DRAFT_LOCATION = re.compile(r"^/goldcard/drafts/(\d+)/edit\?saved=1$")
DONE_LOCATION = re.compile(r"^/goldcard/applications/(\d{12})/done$")
SHOWN_VALUE = re.compile(r"<dt>(?:<span[^>]*>\*</span>)?([^<]+)</dt>\s*<dd[^>]*>(.*?)</dd>", re.S)


class Refused(AssertionError):
    """The portal did not do what a complete, valid request asks."""


def location(reply) -> str:
    """The path and query a redirect points to."""
    parts = urlsplit(reply.header("Location"))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def start_application(browser: Browser, answers: dict[str, str] = NEW_APPLICANT) -> None:
    """STEP 8-12: the dialog's answers and the declaration; the form is then open."""
    browser.get("/goldcard/drafts")
    reply = browser.post("/goldcard/apply/start", {**answers, "declaration": "agree"})
    if reply.status != 303:
        raise Refused(f"STEP 11-12 refused: {reply.status} {reply.text[:300]}")
    browser.get("/goldcard/apply/new")


def documents_for(values: dict[str, str], content: bytes = PNG) -> list[tuple[str, str, bytes]]:
    category = catalog.find_category(values["field"], values["category"])
    return [(f"doc:{d}", f"{i}-{d}.png", content) for i, d in enumerate(category.documents)]


def save_new(browser: Browser, values: dict[str, str] | None = None,
             files: list[tuple[str, str, bytes]] | None = None) -> int:
    """STEP 13-15: post the whole form with a file for every document; the new draft's id."""
    values = values or valid_values()
    reply = browser.post_multipart("/goldcard/apply/save", values,
                                   documents_for(values) if files is None else files)
    found = DRAFT_LOCATION.match(location(reply)) if reply.status == 303 else None
    if not found:
        raise Refused(f"STEP 14 「儲存」 refused: {reply.status} {reply.text[:500]}")
    return int(found.group(1))


def save_draft(browser: Browser, draft_id: int, values: dict[str, str]):
    """「儲存」 of an existing draft (STEP 8 「編輯」): the reply, unchecked."""
    browser.get(f"/goldcard/drafts/{draft_id}/edit")
    return browser.post_multipart(f"/goldcard/drafts/{draft_id}/save", values, [])


def submit(browser: Browser, draft_id: int) -> str:
    """STEP 16-17: 「送出」; the 申請案號."""
    browser.get(f"/goldcard/drafts/{draft_id}/preview")
    reply = browser.post(f"/goldcard/drafts/{draft_id}/submit")
    found = DONE_LOCATION.match(location(reply)) if reply.status == 303 else None
    if not found:
        raise Refused(f"STEP 16 「送出」 refused: {reply.status} {reply.text[:300]}")
    return found.group(1)


def shown_values(html: str) -> dict[str, str]:
    """The read-only values of a preview, 「檢視」 or application page, by label."""
    return {unescape(label.strip()): unescape(re.sub(r"<[^>]+>", "", value)).strip()
            for label, value in SHOWN_VALUE.findall(html)}


def apply_and_save(browser: Browser, values: dict[str, str]) -> int:
    start_application(browser)
    return save_new(browser, values)
