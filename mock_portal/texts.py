"""The portal's own sentences, in Traditional Chinese, by code. The domain decides with
codes; templates turn codes into these words. Placeholders are filled by `say`. Labels
quoted in 「」 are the guide's; the sentences around them are our wording.

A rule's number is never written here: `policy_words` turns the policy the portal runs
with into the words the sentences need ({months}, {limit_mb}), so a screen says the
number the portal enforces."""

from __future__ import annotations

from .policy import Policy

TEXT: dict[str, str] = {
    # login refusals (R-LOGIN-CAPTCHA, R-LOGIN-LOCK, R-ROLE, R-REGISTER)
    "wrong-captcha": "驗證碼錯誤，請輸入畫面上顯示的驗證碼（此次不計入密碼錯誤次數）。",
    "wrong-credentials": "帳號或密碼錯誤，請重新輸入。",
    "locked": "您的帳號已被鎖定，正確的密碼也無法登入。請使用「忘記密碼?」取得新密碼以解除鎖定。",
    "wrong-role": "此帳號不是「{role}」的帳號，請按「< 關閉, 回上一頁」選擇正確的申請人角色。",
    "unverified": "此帳號尚未完成電子郵件認證。請點選認證信中的連結，或按「重發認證信」再寄一次。",
    # flashes shown on the next page
    "timeout": "登入時間已結束，系統已將您登出；尚未儲存的資料不會保留。請重新登入。",
    "logged-out": "您已登出。",
    "password-changed": "密碼已更新。",
    "registered": "註冊完成，我們已寄出帳號認證信。請點選信中的連結完成認證後再登入。",
    "confirmed": "電子郵件認證完成，現在可以登入。",
    "confirm-failed": "認證連結無效或已使用過，請按「重發認證信」取得新的連結。",
    "registered-mail-not-sent": "帳號已建立，但帳號認證信目前無法寄出。請稍後按「重發認證信」再寄一次。",
    "mail-not-sent": "郵件目前無法寄出，您的資料沒有任何變更。請稍後再試一次。",
    "resent": "已重新寄出帳號認證信，請查看您的電子郵件。",
    "resend-failed": "查無尚未認證且符合此帳號與電子郵件的資料。",
    "password-mailed": "新密碼已寄到您的電子郵件，帳號如已鎖定亦已解除。請以新密碼登入。",
    "password-mail-failed": "帳號與電子郵件不符，請重新確認。",
    "account-mailed": "已將以此電子郵件註冊的帳號寄到您的信箱。",
    "account-mail-failed": "查無以此電子郵件註冊的帳號。",
    "draft-deleted": "暫存資料已刪除。",
    "draft-gone": "找不到這筆暫存資料：可能已刪除，或已超過保存期限而由系統自動刪除。",
    "password-expired": "您的密碼已超過 {days} 天未更換，請先更換密碼才能繼續使用本平臺。",
    # password and registration problems
    "too-short": "密碼至少須 {min_length} 個字元。",
    "needs-letter-and-digit": "密碼須同時包含英文字母與數字。",
    "mismatch": "兩次輸入的密碼不一致。",
    "same-as-old": "新密碼不可與目前的密碼相同。",
    "account-format": "帳號須為 {account_min} 至 {account_max} 個英文字母、數字或 _ . - 符號。",
    "account-taken": "此帳號已有人使用，請換一個帳號。",
    "name-missing": "請填寫姓名。",
    "email-format": "電子郵件格式不正確。",
    # STEP 10-11: eligibility and the dialog's answers
    "eligible": "符合重新申請資格（曾持有就業金卡但證效已逾期），請繼續回答下列問題。",
    "valid-extend": "您的就業金卡仍在有效期間內（有效至 {valid_until}），不能重新申請。"
                    "您已在屆期前{months}個月內，請改用「就業金卡延期申請」。",
    "valid-early": "您的就業金卡仍在有效期間內（有效至 {valid_until}），不能重新申請；"
                   "延期申請自 {opens_on} 起才開放。",
    "no-match": "查無與此統一證號及出生日期相符的就業金卡，請確認輸入的資料。",
    "malformed": "統一證號格式不正確：{problem}",
    "holder-valid": "持有有效就業金卡者不能重新申請；屆期前{months}個月內請改用「就業金卡延期申請」。",
    "ui-number-needed": "重新申請須提供原持有就業金卡的統一證號；無法提供時，請在第一題選擇「否」以新申請辦理。",
    "household": "具中華民國國籍、在臺設有戶籍且未辦理戶籍遷出登記者，不適用本申請。",
    "missing": "請回答所有顯示的問題。",
    "invalid": "所選的答案不在選項之中，請重新選擇。",
    "birth-date-format": "出生日期請以 YYYY/MM/DD 格式輸入。",
    # R-EXTEND-WINDOW
    "extendable": "您的就業金卡（有效至 {valid_until}）目前可以申請延期。（本模擬平臺不提供延期申請書。）",
    "expired": "您的就業金卡已於 {valid_until} 屆期，不能延期；請改用「就業金卡申請或重新申請」辦理重新申請。",
    "extend-too-early": "尚未到延期申請期間：您的就業金卡有效至 {valid_until}，延期申請自 {opens_on} 起開放。",
    # STEP 13-14: the form's checks
    "required": "「{tab}」頁籤：「{label}」為必填欄位。",
    "date-format": "「{tab}」頁籤：「{label}」請以 YYYY/MM/DD 格式輸入有效的日期。",
    "date-future": "「{tab}」頁籤：「{label}」必須早於今天。",
    "email-cn": "「{tab}」頁籤：「{label}」不能使用大陸地區的電子郵件。基於資安政策，本署寄往大陸地區的郵件"
                "可能無法送達，請改用其他電子郵件，以免收不到審查通知。",
    "invalid-choice": "「{tab}」頁籤：「{label}」請從選單中選擇。",
    "too-long": "「{tab}」頁籤：「{label}」內容過長。",
    "ui-number": "「{tab}」頁籤：「{label}」不正確：{detail}",
    "passport-dates": "「{tab}」頁籤：「{label}」必須晚於護照發照日期。",
    "arch-all": "「{tab}」頁籤：建築設計領域須符合所選申請資格的全部條件，尚未勾選：{detail}。",
    "document-missing": "「{tab}」頁籤：尚未上傳「{label}」。",
    "upload-wrong-type": "「{tab}」頁籤：「{label}」的檔案「{detail}」不是 JPG、PNG 或 PDF 檔"
                         "（依檔案內容判斷，而非副檔名），請重新選擇。",
    "upload-too-large": "「{tab}」頁籤：「{label}」的檔案「{detail}」超過每個檔案 {limit_mb} MB 的上限，"
                        "請縮小後再上傳。",
    "upload-empty": "「{tab}」頁籤：「{label}」的檔案「{detail}」是空的，請重新選擇。",
}

# R-RENEW-NOMATCH: what is wrong with a 統一證號 (mock_portal.domain.ui_number.PROBLEMS).
UI_NUMBER_PROBLEM_TEXT: dict[str, str] = {
    "empty": "請輸入統一證號。",
    "length": "統一證號應為 10 碼（1 個英文字母加 9 碼，或舊式的 2 個英文字母加 8 碼數字）。",
    "area-letter": "統一證號第 1 碼應為英文字母。",
    "second-char": "統一證號第 2 碼應為 8 或 9（新式），或 A 至 D 的英文字母（舊式）。",
    "digits": "統一證號第 3 碼起應為數字。",
    "check-digit": "統一證號的檢查碼（最後 1 碼）不正確，請確認是否輸入錯誤。",
}
_UNKNOWN_UI_NUMBER_PROBLEM = "統一證號格式不正確。"

ROLE_NAMES = {
    "foreigner": "外國人自行申請",
    "employer": "雇主提出申請",
    "agency": "委託代辦機構提出申請",
}


def say(code: str, **values) -> str:
    """The sentence for a code with its placeholders filled. An unknown code or a
    placeholder left without a value raises (KeyError), as a template's missing variable
    does: a sentence showing `{days}` to the user is a bug to see in the tests."""
    return TEXT[code].format(**values)


def ui_number_problem(code: str | None) -> str:
    """What is wrong with a 統一證號, in words; a code without its own text still gets one."""
    return UI_NUMBER_PROBLEM_TEXT.get(code or "", _UNKNOWN_UI_NUMBER_PROBLEM)


_DIGITS = "〇一二三四五六七八九"


def zh_count(n: int) -> str:
    """A count of 1 to 99 in Chinese numerals as a sentence writes it: 四, 十, 十二, 二十四."""
    if not 0 < n < 100:
        raise ValueError(f"no Chinese numeral for {n} here")
    tens, ones = divmod(n, 10)
    return ((_DIGITS[tens] if tens > 1 else "") + ("十" if tens else "") + (_DIGITS[ones] if ones else "")) or "〇"


def mb(size: int) -> str:
    """A byte count in MB (1,048,576 bytes) as the screens write it: 2, 2.5, 3."""
    return f"{size / (1024 * 1024):g}"


def policy_words(policy: Policy) -> dict[str, str]:
    """The policy's numbers as the sentences write them (R-EXTEND-WINDOW, R-UPLOAD)."""
    return {"months": zh_count(policy.extension_window_months), "limit_mb": mb(policy.upload_limit)}
