"""The form's refusals (STEP 14) are sentences in the page's language: a wrong optional
「統一證號」 is explained in words, never by the code the domain decided with."""

from __future__ import annotations

from mock_portal.domain import questionnaire as q

from .client import signed_in

NEW_APPLICATION = {q.HOLDER: q.HOLDER_NEVER, q.IN_TAIWAN: q.IN_TAIWAN_ANSWERS[0],
                   q.ENTRY_DOCUMENT: q.ENTRY_DOCUMENTS[0], q.ROC_NATIONALITY: q.NO, "declaration": "agree"}


def test_a_wrong_ui_number_on_the_form_is_explained_in_words(portal, control):
    browser = signed_in(control, portal.url)
    browser.get("/goldcard/drafts")
    assert browser.post("/goldcard/apply/start", NEW_APPLICATION).status == 303
    browser.get("/goldcard/apply/new")
    reply = browser.post_multipart("/goldcard/apply/save", {"ui_number": "A800013145"}, [])
    assert reply.status == 400
    assert "「統一證號」不正確：統一證號的檢查碼（最後 1 碼）不正確" in reply.text
    assert "check-digit" not in reply.text
