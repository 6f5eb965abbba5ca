"""STEP 13-14 checks of 「儲存」: R-REQUIRED, R-EMAIL-CN, R-ARCH-ALL, R-UPLOAD and
R-CARRY-DOCS. The messages are asserted by what they name (tab, field, document),
not by the portal's exact sentence."""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import expect
from pytest_bdd import given, parsers, then, when

from harness import files
from pages.application_form import ApplicationForm
from pages.preview import PreviewPage

from .application_steps import draft_name, press_save, upload_documents
from .form_values import PREFILLED, required_values
from .navigation import open_drafts

MB = 1024 * 1024           # the unit; the limit itself comes from the feature's words (R-UPLOAD)
SIZED_PNG = re.compile(r"^(?:剛好 )?(?P<mb>\d+) MB(?: 加 (?P<extra>\d+) 位元組)? ?的 PNG 檔$")
REPLACEMENT = re.compile(r"「(?P<document>[^」]+)」換成(?P<file>[^、]+)")
FILES = {
    "名為 photo.jpg 的文字檔": lambda: (*files.text_named_as_image(), "image/jpeg"),
    "JPG 檔": lambda: ("photo.jpg", files.jpeg(), "image/jpeg"),
    "PDF 檔": lambda: ("scan.pdf", files.pdf(), "application/pdf"),
    "名為 scan.png 的 GIF 檔": lambda: ("scan.png", files.gif(), "image/png"),
    "名為 picture.jpg 的 WebP 檔": lambda: ("picture.jpg", files.webp(), "image/jpeg"),
    "名為 scan.pdf 的 HTML 檔": lambda: ("scan.pdf", files.html_page(), "application/pdf"),
    "名為 archive.pdf 的 ZIP 檔": lambda: ("archive.pdf", files.zip_archive(), "application/pdf"),
}


def file_for(kind: str) -> tuple[str, bytes, str]:
    """The file a feature names: one of FILES, or a PNG of the size it says
    (「2 MB 加 1 位元組的 PNG 檔」, 「剛好 2 MB 的 PNG 檔」)."""
    if kind in FILES:
        return FILES[kind]()
    sized = SIZED_PNG.match(kind)
    assert sized, f"no file 「{kind}」 here; known: {'、'.join(FILES)}, or 「N MB 加 M 位元組的 PNG 檔」"
    size = int(sized["mb"]) * MB + int(sized["extra"] or 0)
    return f"{size}-bytes.png", files.padded_png(size), "image/png"


def problem(page, *parts: str):
    """The refusal message that names every one of `parts`."""
    found = ApplicationForm(page).problems.get_by_role("listitem")
    for part in parts:
        found = found.filter(has_text=part)
    return found


@when("我在申請書填入英文姓氏但沒有儲存")
def _(page, applicant):
    ApplicationForm(page).fill({"英文姓氏": applicant.surname})


@when("我清空申請書預先帶入的欄位，只填入英文姓氏")
def _(page, applicant):
    ApplicationForm(page).fill({**{label: "" for label in PREFILLED}, "英文姓氏": applicant.surname})


@when("我只填寫每個頁籤的必填欄位，選填的留空", target_fixture="typed")
def _(page, applicant):
    form = ApplicationForm(page)
    typed = required_values(applicant)
    form.fill(typed)
    form.choose_category(applicant.category)
    return {**typed, "申請資格": form.value("申請資格")}


def rows(datatable) -> list[list[str]]:
    """A step's table without its heading row."""
    return [[cell.strip() for cell in row] for row in datatable[1:]]


@then("系統逐一指出下列必填欄位及所在頁籤：")
def _(page, datatable):
    said = ApplicationForm(page).problem_texts()
    unnamed = [f"「{label}」 (「{tab}」)" for tab, label in rows(datatable)
               if not any(f"「{tab}」" in text and f"「{label}」" in text and "必填" in text for text in said)]
    assert not unnamed, (f"R-REQUIRED: 「儲存」 with these fields empty did not name them as required: "
                         f"{'、'.join(unnamed)}; it said: {said}")


@then("系統沒有說下列欄位為必填：")
def _(page, datatable):
    said = ApplicationForm(page).problem_texts()
    called = [label for (label,) in rows(datatable)
              if any(f"「{label}」" in text and "必填" in text for text in said)]
    assert not called, f"R-REQUIRED: fields the guide does not mark required were called required: {called}"


@then(parsers.parse("系統指出「{tab}」頁籤的「{label}」為必填"))
def _(page, tab, label):
    expect(problem(page, f"「{tab}」", f"「{label}」", "必填"),
           f"R-REQUIRED: 「儲存」 did not name 「{label}」 on 「{tab}」 as required").to_be_visible()


@then(parsers.parse("系統指出「文件上傳」頁籤尚未上傳「{document}」"))
def _(page, document):
    expect(problem(page, "「文件上傳」", f"「{document}」", "尚未上傳"),
           f"R-REQUIRED / R-CARRY-DOCS: 「{document}」 was not reported missing").to_be_visible()


@then(parsers.parse("系統沒有說「{label}」為必填"))
def _(page, label):
    expect(problem(page, f"「{label}」", "必填"), f"R-REQUIRED: the optional 「{label}」 was called required"
           ).to_have_count(0)


@then("申請書仍保有我填的英文姓氏")
def _(page, applicant):
    expect(ApplicationForm(page).field("英文姓氏"), "R-REQUIRED: typed input was lost").to_have_value(applicant.surname)


@when(parsers.parse("我把「{label}」改成「{value}」並按「儲存」"))
def _(page, applicant, saved_drafts, typed, label, value):
    ApplicationForm(page).fill({label: value})
    typed[label] = value
    press_save(page, applicant, saved_drafts)


@then("系統說明不能使用大陸地區的電子郵件")
def _(page):
    expect(problem(page, "「電子郵件」", "大陸地區"), "R-EMAIL-CN: a mainland-China address was accepted"
           ).to_be_visible()


@then("申請書仍保有我填的電子郵件")
def _(page, typed):
    expect(ApplicationForm(page).field("電子郵件"), "R-EMAIL-CN: the typed address was lost").to_have_value(
        typed["電子郵件"])


@then("「電子郵件」改成下列任一地址按「儲存」，系統都說明不能使用大陸地區的電子郵件，並保有我填的地址：")
def _(page, applicant, saved_drafts, datatable):
    """Each address is tried on the same form. Between two, 「電子郵件」 is emptied and
    saved, so each refusal waited for is the answer to its own 「儲存」 (an empty
    field is refused for another reason), whatever the portal's markup."""
    form = ApplicationForm(page)
    for (address,) in rows(datatable):
        form.fill({"電子郵件": ""})
        press_save(page, applicant, saved_drafts)
        expect(problem(page, "「電子郵件」", "必填"), "R-REQUIRED: an empty 「電子郵件」 was accepted").to_be_visible()
        form.fill({"電子郵件": address})
        press_save(page, applicant, saved_drafts)
        expect(problem(page, "「電子郵件」", "大陸地區"), f"R-EMAIL-CN: {address} was not refused").to_be_visible()
        expect(form.field("電子郵件"), f"R-EMAIL-CN: the typed {address} was lost").to_have_value(address)


@when("我選擇「建築設計」領域的第一個申請資格，只勾選一項條件")
def _(page):
    form = ApplicationForm(page)
    form.fill({"專長領域": "建築設計"})
    form.choose_category(None)
    boxes = form.criteria.get_by_role("checkbox")
    expect(boxes.first, "R-ARCH-ALL: 建築設計 shows no criteria to tick").to_be_visible()
    assert boxes.count() >= 2, "R-ARCH-ALL: the first 建築設計 category has fewer than two criteria"
    boxes.first.check()


@then("系統說明建築設計領域須符合全部條件")
def _(page):
    expect(problem(page, "建築設計", "全部條件"), "R-ARCH-ALL: one criterion of 建築設計 was enough").to_be_visible()


@when("我勾選其餘的條件並按「儲存」")
def _(page, applicant, saved_drafts):
    form = ApplicationForm(page)
    form.open_tab("領域專長")
    for box in form.criteria.get_by_role("checkbox").all():
        box.check()
    press_save(page, applicant, saved_drafts)


@when(parsers.parse("我在「文件上傳」頁籤上傳每份應檢附文件，但{replacements}"))
def _(page, replacements):
    chosen = {m["document"]: file_for(m["file"].strip()) for m in REPLACEMENT.finditer(replacements)}
    assert chosen, f"no replacement understood in 「{replacements}」"
    upload_documents(page, chosen)


@when(parsers.parse("我把「{document}」換成{file}並按「儲存」"))
def _(page, applicant, saved_drafts, document, file):
    ApplicationForm(page).upload(document, *file_for(file.strip()))
    press_save(page, applicant, saved_drafts)


@then(parsers.parse("系統說明「{document}」的檔案不是 JPG、PNG 或 PDF 檔"))
def _(page, document):
    expect(problem(page, f"「{document}」", "JPG、PNG 或 PDF"),
           f"R-UPLOAD: a file that is not JPG/PNG/PDF was accepted for 「{document}」").to_be_visible()


@then(parsers.parse("系統說明「{document}」的檔案超過上限"))
def _(page, document):
    expect(problem(page, f"「{document}」", "上限"), f"R-UPLOAD: an oversized 「{document}」 was accepted"
           ).to_be_visible()


@then(parsers.parse("「{document}」換成下列任一檔案按「儲存」，系統都說明不是 JPG、PNG 或 PDF 檔"
                   "（兩次之間存一個{oversized}）："))
def _(page, applicant, saved_drafts, datatable, document, oversized):
    """Each file is tried on the same form; between two, the file over the limit is saved,
    refused for another reason, so each refusal waited for answers its own 「儲存」 (a
    cleared document would not do: a portal may carry the last card's one in its place)."""
    form = ApplicationForm(page)
    for (kind,) in rows(datatable):
        form.upload(document, *file_for(oversized.strip()))
        press_save(page, applicant, saved_drafts)
        expect(problem(page, f"「{document}」", "上限"),
               f"R-UPLOAD: an oversized 「{document}」 was accepted").to_be_visible()
        form.upload(document, *file_for(kind))
        press_save(page, applicant, saved_drafts)
        expect(problem(page, f"「{document}」", "JPG、PNG 或 PDF"),
               f"R-UPLOAD: {kind} was accepted as 「{document}」").to_be_visible()


@then("沒有任何暫存資料被儲存")
def _(page, applicant):
    drafts = open_drafts(page)
    expect(drafts.heading, "STEP 8: 「就業金卡暫存 - 列表」 did not open").to_be_visible()
    expect(drafts.row(draft_name(applicant)), "R-UPLOAD: a refused save still created a draft").to_have_count(0)


@given("我的申請資格在發卡後有新規定")
def _(control, applicant):
    card = applicant.card
    day_after_issue = date.fromisoformat(card["valid_from"]) + timedelta(days=1)
    control.rules_changed(card["field"], card.get("category"), day_after_issue.isoformat())


@then("「文件上傳」頁籤顯示前次的文件已自動帶入，不提供檢視或下載")
def _(page):
    form = ApplicationForm(page)
    form.open_tab("文件上傳")
    for name in form.document_names():
        expect(form.document(name), f"R-CARRY-DOCS: 「{name}」 was not carried over").to_contain_text("已自動帶入")
    expect(form.documents.get_by_role("link"), "R-CARRY-DOCS: carried documents can be opened").to_have_count(0)


@then("預覽顯示前次的文件已自動帶入")
def _(page):
    expect(PreviewPage(page).documents.first, "R-CARRY-DOCS: the preview does not show carried documents"
           ).to_contain_text("已自動帶入")


@when("我改選同一領域的另一個申請資格")
def _(page):
    ApplicationForm(page).choose_another_category()


@when("我改選另一個專長領域")
def _(page, applicant):
    ApplicationForm(page).choose_another_field(applicant.field)


@then("「文件上傳」頁籤列出的應檢附文件都須上傳，沒有自動帶入")
def _(page):
    form = ApplicationForm(page)
    form.open_tab("文件上傳")
    expect(form.documents.get_by_role("listitem").first, "STEP 14: 「應檢附文件」 lists nothing").to_be_visible()
    expect(form.documents, "R-CARRY-DOCS: documents were carried into another 專長領域").not_to_contain_text(
        "已自動帶入")
