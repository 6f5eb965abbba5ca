"""The application form of STEP 13-14 (「就業金卡申請 - 新增」): its tabs and fields as the
spec lists them, and the checks 「儲存」 runs: R-REQUIRED, R-EMAIL-CN, R-ARCH-ALL, plus
the formats a real form would insist on (dates, email, choices)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from . import catalog
from .email import is_email, is_mainland_china_email
from .ui_number import check_ui_number

TAB_BASIC, TAB_PASSPORT, TAB_RESIDENCE, TAB_FIELD, TAB_UPLOAD = TABS = (
    "基本資料", "護照資料", "居留申請", "領域專長", "文件上傳",
)
DATE_FORMAT = "%Y/%m/%d"        # the guide's YYYY/MM/DD
MAX_TEXT_LENGTH = 200
ARCHITECTURE = catalog.ARCHITECTURE   # R-ARCH-ALL: the one field that needs every criterion


@dataclass(frozen=True)
class FormField:
    key: str                      # the posted name
    label: str                    # the guide's label: the control's accessible name
    tab: str
    required: bool
    kind: str = "text"            # text, date, email, select
    options: tuple[str, ...] = ()


def _f(key, label, tab, required, kind="text", options=()):
    return FormField(key, label, tab, required, kind, tuple(options))


FIELDS: tuple[FormField, ...] = (
    _f("surname", "英文姓氏", TAB_BASIC, True),
    _f("given_name", "英文名字", TAB_BASIC, True),
    _f("chinese_name", "中文姓名", TAB_BASIC, False),
    _f("birth_date", "出生日期(西元)", TAB_BASIC, True, "date"),
    _f("sex", "性別", TAB_BASIC, True, "select", catalog.SEXES),
    _f("nationality", "國籍", TAB_BASIC, True, "select", catalog.COUNTRIES),
    _f("occupation", "現職", TAB_BASIC, True),
    _f("education", "最高學歷", TAB_BASIC, True, "select", catalog.EDUCATION_LEVELS),
    _f("marital_status", "婚姻狀況", TAB_BASIC, True, "select", catalog.MARITAL_STATUSES),
    _f("email", "電子郵件", TAB_BASIC, True, "email"),
    _f("birth_country", "出生地點(國家)", TAB_BASIC, True, "select", catalog.COUNTRIES),
    _f("birth_city", "出生地點(市/州)", TAB_BASIC, True),
    _f("home_address", "申請人母國地址", TAB_BASIC, True),
    _f("home_phone", "申請人母國電話號碼", TAB_BASIC, True),
    _f("other_nationality", "舊有或其他國籍(如有)", TAB_BASIC, False, "select", catalog.COUNTRIES),
    _f("passport_type", "護照種類", TAB_PASSPORT, True, "select", catalog.PASSPORT_TYPES),
    _f("passport_number", "護照號碼", TAB_PASSPORT, True),
    _f("passport_issued_on", "護照發照日期", TAB_PASSPORT, True, "date"),
    _f("passport_expires_on", "護照效期截止日", TAB_PASSPORT, True, "date"),
    _f("passport_authority", "發照機關", TAB_PASSPORT, True),
    _f("ui_number", "統一證號", TAB_RESIDENCE, False),
    _f("office", "申請地點", TAB_RESIDENCE, True, "select", catalog.IMMIGRATION_OFFICES),
    _f("work_address", "在臺工作地址", TAB_RESIDENCE, False),
    _f("contact_address", "在臺聯絡地址", TAB_RESIDENCE, True),
    _f("mobile", "行動電話", TAB_RESIDENCE, True),
    _f("field", "專長領域", TAB_FIELD, True, "select", catalog.FIELDS),
    _f("category", "申請資格", TAB_FIELD, True, "select"),   # options depend on 專長領域
)
FIELD_BY_KEY = {f.key: f for f in FIELDS}
CRITERIA_KEY = "criteria"          # 建築設計's checkboxes, one posted value per ticked criterion

@dataclass(frozen=True)
class Problem:
    """One thing 「儲存」 refuses, named by tab and label so the page can say where."""

    tab: str
    label: str
    code: str                      # required, date-format, email-format, email-cn, ...
    detail: str = ""


def parse_date(text: str) -> date | None:
    try:
        return datetime.strptime(text.strip(), DATE_FORMAT).date()
    except ValueError:
        return None


def missing_criteria(field: str, category: str, ticked: Sequence[str]) -> list[str]:
    """R-ARCH-ALL: 建築設計 requires every criterion of its category; every other field is
    met by the one category chosen."""
    found = catalog.find_category(field, category)
    if found is None or field != ARCHITECTURE:
        return []
    return [c for c in found.criteria if c not in ticked]


def check_form(values: Mapping[str, str], criteria: Sequence[str], *, today: date) -> list[Problem]:
    """Everything 「儲存」 checks in the typed data, in the order of the tabs: R-REQUIRED
    (every empty required field, each named with its tab), R-EMAIL-CN, R-ARCH-ALL and
    the formats. Documents are checked by `documents.missing_documents`."""
    problems: list[Problem] = []
    for f in FIELDS:
        value = (values.get(f.key) or "").strip()
        if not value:
            if f.required:
                problems.append(Problem(f.tab, f.label, "required"))
            continue
        problem = _check_value(f, value, values, today)
        if problem:
            problems.append(problem)
    problems += _check_passport_dates(values)
    field, category = values.get("field", ""), values.get("category", "")
    absent = missing_criteria(field, category, criteria)
    if absent:
        problems.append(Problem(TAB_FIELD, "申請資格", "arch-all", "、".join(absent)))
    return problems


def _check_value(f: FormField, value: str, values: Mapping[str, str], today: date) -> Problem | None:
    if len(value) > MAX_TEXT_LENGTH:
        return Problem(f.tab, f.label, "too-long")
    if f.kind == "date":
        parsed = parse_date(value)
        if parsed is None:
            return Problem(f.tab, f.label, "date-format")
        if f.key == "birth_date" and parsed >= today:
            return Problem(f.tab, f.label, "date-future")
    if f.kind == "email":
        if not is_email(value):
            return Problem(f.tab, f.label, "email-format")
        if is_mainland_china_email(value):
            return Problem(f.tab, f.label, "email-cn")
    if f.key == "category":
        if catalog.find_category(values.get("field", ""), value) is None:
            return Problem(f.tab, f.label, "invalid-choice")
    elif f.kind == "select" and value not in f.options:
        return Problem(f.tab, f.label, "invalid-choice")
    if f.key == "ui_number":
        check = check_ui_number(value)
        if not check.ok:
            return Problem(f.tab, f.label, "ui-number", check.problem or "")
    return None


def _check_passport_dates(values: Mapping[str, str]) -> list[Problem]:
    issued = parse_date(values.get("passport_issued_on") or "")
    expires = parse_date(values.get("passport_expires_on") or "")
    if issued and expires and expires <= issued:
        return [Problem(TAB_PASSPORT, "護照效期截止日", "passport-dates")]
    return []


def applicant_name(values: Mapping[str, str]) -> str:
    """The draft's and application's 申請名稱: the English name, given name first, in capitals."""
    return " ".join(p for p in (values.get("given_name", ""), values.get("surname", "")) if p).strip().upper()
