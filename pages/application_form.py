"""STEP 13-15: the form 「就業金卡申請 - 新增」 (or 「- 編輯」 for a draft): five tabs of fields,
the 「文件上傳」 tab with 「應檢附文件」, 「儲存」, and the 「儲存功能」 dialog that follows."""

from __future__ import annotations

from playwright.sync_api import Page

from .components.signed_in_bar import SignedInBar

TABS = ("基本資料", "護照資料", "居留申請", "領域專長", "文件上傳")


class ApplicationForm:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.bar = SignedInBar(page)
        self.heading = page.get_by_role("heading", level=1)
        self.problems = page.get_by_role("alert")
        self.tabs = page.get_by_role("tab")
        self.save_button = page.get_by_role("button", name="儲存", exact=True)
        self.next_button = page.get_by_role("button", name="下一頁", exact=True)
        self.previous_button = page.get_by_role("button", name="前一頁", exact=True)
        self.documents = page.get_by_role("list", name="應檢附文件")
        self.criteria = page.get_by_role("group", name="資格條件（建築設計領域須全部符合）")
        self.saved_dialog = page.get_by_role("dialog", name="儲存功能")

    def tab(self, name: str):
        return self.page.get_by_role("tab", name=name, exact=True)

    def panel(self, name: str):
        return self.page.get_by_role("tabpanel", name=name, exact=True)

    def open_tab(self, name: str) -> None:
        self.tab(name).click()

    def field(self, label: str):
        """A control by its label as the guide writes it, without the red *."""
        return self.page.get_by_label(label, exact=True)

    def fill(self, values: dict[str, str]) -> None:
        """Fill fields by label, tab by tab in the form's order (a tab is opened once);
        selects pick by option text."""
        where = {label: self.field(label).evaluate(
            "el => [el.closest('[role=tabpanel]').getAttribute('aria-labelledby'), el.tagName]")
            for label in values}
        for tab in TABS:
            tab_id = self.tab(tab).get_attribute("id")
            labels = [label for label in values if where[label][0] == tab_id]
            if not labels:
                continue
            self.open_tab(tab)
            for label in labels:
                control = self.field(label)
                if where[label][1] == "SELECT":
                    control.select_option(label=values[label])
                else:
                    control.fill(values[label])

    def choose_category(self, name: str | None) -> None:
        """申請資格: the named category, or the first one the chosen 專長領域 offers."""
        self.open_tab("領域專長")
        category = self.field("申請資格")
        if name:
            category.select_option(label=name)
        else:
            category.select_option(index=1)

    def document_names(self) -> list[str]:
        """「應檢附文件」 as listed for the chosen field and category."""
        return [name.strip() for name in self.documents.locator(".doc-name").all_inner_texts()]

    def value(self, label: str) -> str:
        return self.field(label).input_value()

    def tick_criteria(self, names: list[str]) -> None:
        for name in names:
            self.criteria.get_by_role("checkbox", name=name, exact=True).check()

    def document(self, name: str):
        """One entry of 「應檢附文件」: its name, status, 「選擇」 and 「清除」."""
        return self.documents.get_by_role("listitem").filter(has=self.page.get_by_label(name, exact=True))

    def upload(self, name: str, filename: str, content: bytes, mime_type: str = "application/octet-stream") -> None:
        self.open_tab("文件上傳")
        self.field(name).set_input_files({"name": filename, "mimeType": mime_type, "buffer": content})

    def clear(self, name: str) -> None:
        self.document(name).get_by_role("button", name="清除").click()

    def save(self) -> None:
        self.save_button.click()

    def confirm_saved(self) -> None:
        """STEP 15: 「儲存成功」, then 「確定」 to the preview."""
        self.saved_dialog.get_by_role("button", name="確定").click()
