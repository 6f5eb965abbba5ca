"""The applicant's data as the form's labels ask for it (STEP 13): one mapping from the
guide's labels to an Applicant's values, used to fill the form and to check the preview."""

from __future__ import annotations

from harness.applicants import DATE_FORMAT as DATE
from harness.applicants import Applicant

# STEP 13's fields without the red *: the form may be saved with them empty (R-REQUIRED).
OPTIONAL = ("中文姓名", "統一證號", "在臺工作地址")
# Filled in from the answers of STEP 10 (the spec: "may come pre-filled").
PREFILLED = ("統一證號", "出生日期(西元)")


def form_values(applicant: Applicant) -> dict[str, str]:
    """Every field of the first four tabs, except 申請資格 (chosen from the page's list)."""
    values = {
        "英文姓氏": applicant.surname,
        "英文名字": applicant.given_name,
        "中文姓名": applicant.chinese_name,
        "出生日期(西元)": applicant.birth_date.strftime(DATE),
        "性別": applicant.sex,
        "國籍": applicant.nationality,
        "現職": applicant.occupation,
        "最高學歷": applicant.education,
        "婚姻狀況": applicant.marital_status,
        "電子郵件": applicant.email,
        "出生地點(國家)": applicant.birth_country,
        "出生地點(市/州)": applicant.birth_city,
        "申請人母國地址": applicant.home_address,
        "申請人母國電話號碼": applicant.home_phone,
        "護照種類": applicant.passport_type,
        "護照號碼": applicant.passport_number,
        "護照發照日期": applicant.passport_issued_on.strftime(DATE),
        "護照效期截止日": applicant.passport_expires_on.strftime(DATE),
        "發照機關": applicant.passport_authority,
        "統一證號": applicant.ui_number,
        "申請地點": applicant.office,
        "在臺聯絡地址": applicant.contact_address,
        "在臺工作地址": applicant.work_address,
        "行動電話": applicant.mobile,
        "專長領域": applicant.field,
    }
    return values


def required_values(applicant: Applicant) -> dict[str, str]:
    """form_values with every optional text field emptied."""
    return {**form_values(applicant), **{label: "" for label in OPTIONAL}}
