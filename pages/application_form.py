"""STEP 13-15: the form 「就業金卡申請 - 新增」 (or 「- 編輯」 for a draft): five tabs of fields,
the 「文件上傳」 tab with 「應檢附文件」, 「儲存」, and the 「儲存功能」 dialog that follows."""

from __future__ import annotations

import re

from playwright.sync_api import Page

from .components.labelled import LabelledControls
from .components.signed_in_bar import SignedInBar

NAMES_JS = """els => els.map(el => (el.getAttribute("aria-label")
  || [...(el.labels || [])].map(l => l.textContent).join(" ")).trim())"""
NAMED_CONTROL = re.compile(r'^\s*- (textbox|combobox|spinbutton|searchbox) "((?:[^"\\]|\\.)*)"', re.MULTILINE)
CHOOSE = "請選擇"     # the empty first option of every choice
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

    def panel(self, name: str, *, hidden: bool = False):
        """A tab's panel; `hidden` finds it while another tab is open, too."""
        return self.page.get_by_role("tabpanel", name=name, exact=True, include_hidden=hidden)

    def open_tab(self, name: str) -> None:
        self.tab(name).click()

    def field(self, label: str):
        """A control by its label as the guide writes it, without the red *."""
        return LabelledControls(self.page).control(label)

    def fill(self, values: dict[str, str]) -> None:
        """Fill fields by label, tab by tab in the form's order; selects pick by option text.
        Each tab is read once as the accessibility tree sees it (one call, not one per
        label and tab), and its named controls are filled; a label that names no control
        on any tab (a portal that sets it beside the control) is looked for the slow way."""
        left = dict(values)
        self.tab(TABS[0]).wait_for()      # the form's screen, not the one the click came from
        for tab in TABS:
            if not left:
                return
            self.open_tab(tab)
            panel = self.panel(tab)
            named = named_controls(panel.aria_snapshot())
            for label in [label for label in left if label in named]:
                self._put(panel.get_by_label(label, exact=True), named[label], left.pop(label))
        for tab in TABS:
            panel = LabelledControls(self.panel(tab, hidden=True))
            here = [label for label in left if panel.control(label).count()]
            if here:
                self.open_tab(tab)
            for label in here:
                control = panel.control(label)
                role = "combobox" if control.evaluate("el => el.tagName") == "SELECT" else "textbox"
                self._put(control, role, left.pop(label))
        assert not left, f"STEP 13: no field labelled {'、'.join(f'「{x}」' for x in left)} on any tab"

    @staticmethod
    def _put(control, role: str, value: str) -> None:
        if role == "combobox":
            control.select_option(label=value)
        else:
            control.fill(value)

    def choose_category(self, name: str | None) -> None:
        """申請資格: the named category, or the first one the chosen 專長領域 offers."""
        self.open_tab("領域專長")
        self.field("申請資格").select_option(label=name or self.categories()[0])

    def categories(self) -> list[str]:
        """The categories (申請資格) the chosen 專長領域 offers, without 「請選擇」."""
        return self.choices("申請資格")

    def choices(self, label: str) -> list[str]:
        """The options a choice field offers, without 「請選擇」."""
        options = self.field(label).get_by_role("option").all_inner_texts()
        return [o.strip() for o in options if o.strip() and o.strip() != CHOOSE]

    def choose_another_field(self, current: str) -> str:
        """Another 專長領域 than `current`, and its first 申請資格; returns the field chosen."""
        self.open_tab("領域專長")
        others = [f for f in self.choices("專長領域") if f != current]
        assert others, "STEP 13: 專長領域 offers only one field"
        self.field("專長領域").select_option(label=others[0])
        self.choose_category(None)
        return others[0]

    def choose_another_category(self) -> None:
        """Another category of the same field than the one chosen now."""
        self.open_tab("領域專長")
        current = self.field("申請資格").evaluate("el => el.selectedOptions[0]?.textContent.trim() || ''")
        others = [c for c in self.categories() if c != current]
        assert others, "STEP 13: the field offers only one 申請資格"
        self.field("申請資格").select_option(label=others[0])

    def document_names(self) -> list[str]:
        """「應檢附文件」 as listed for the chosen field and category: the names of the file
        inputs, one per document (R-UPLOAD: the native input every upload form has)."""
        return self.documents.locator("input[type=file]").evaluate_all(NAMES_JS)

    def problem_texts(self) -> list[str]:
        """What 「儲存」 refused, one text per problem, once the list is on screen."""
        self.problems.get_by_role("listitem").first.wait_for()
        return [t.strip() for t in self.problems.get_by_role("listitem").all_inner_texts()]

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
        self.open_tab("文件上傳")
        self.document(name).get_by_role("button", name="清除").click()

    def save(self) -> None:
        self.save_button.click()

    def confirm_saved(self) -> None:
        """STEP 15: 「儲存成功」, then 「確定」 to the preview."""
        self.saved_dialog.get_by_role("button", name="確定").click()


def named_controls(snapshot: str) -> dict[str, str]:
    """{accessible name: role} of the fields in an aria snapshot. Names are kept as they
    are: one that differs from the guide's label (a red * inside it) is left to the slow
    way, which allows for that."""
    found: dict[str, str] = {}
    for role, name in NAMED_CONTROL.findall(snapshot):
        found.setdefault(name.replace('\\"', '"'), role)
    return found
