"""The guide as data: its 17 steps, the three notes (註1–註3) at the head of its
re-application part, and the spec's rules (`R-…`), each with where in the guide it
comes from. The guide and the spec live outside the repo (../shared), which a clean
CI clone does not have; this index is what the harness checks its features against
(tests/test_feature_coverage.py: every step and rule tagged, no unknown tag) and what
issue 4's gallery reads to title its pages. Titles are the guide's words, verbatim;
summaries are our own wording."""

from __future__ import annotations

from types import MappingProxyType
from typing import NamedTuple


class GuideStep(NamedTuple):
    title: str     # the guide's heading for the step, verbatim
    summary: str   # what the guide says there, in our own words


class GuideRule(NamedTuple):
    summary: str               # the rule, in our own words
    places: tuple[str, ...]    # where the guide says it: "STEP n" or a key of NOTES


STEPS: MappingProxyType[int, GuideStep] = MappingProxyType({
    1: GuideStep("登入外國專業人才申辦窗口平臺",
                 "開啟平臺入口網站；建議用 Chrome 或 Firefox，避免 Safari 與 VPN。"),
    2: GuideStep("在「線上申辦項目」中點選「就業金卡」圖示",
                 "在入口頁的線上申辦項目中選就業金卡；公布欄會刊登相關消息。"),
    3: GuideStep("點選右下方「我要申請登入系統」按鈕進入系統",
                 "就業金卡簡介頁說明資格與申請方式，由右下方按鈕進入登入系統。"),
    4: GuideStep("選擇提出申請人的角色",
                 "依誰提出申請，選外國人本人、雇主或代辦機構，各有自己的登入方式。"),
    5: GuideStep("登入您的帳戶",
                 "以帳號、密碼和畫面上的驗證碼登入；密碼錯 5 次鎖定，密碼每 90 天要換。"),
    6: GuideStep("請留意右上方的登出倒數時間",
                 "每次登入只有 30 分鐘，右上角倒數計時，時間內要完成上傳。"),
    7: GuideStep("就業金卡重新申請功能",
                 "登入後從「進度查詢」下拉選單進入就業金卡申請或重新申請。"),
    8: GuideStep("就業金卡暫存列表",
                 "暫存列表列出未送出的申請書，可新增申請人或編輯舊資料；暫存只留 30 天。"),
    9: GuideStep("同意申請須知",
                 "新增申請人時先閱讀須知並勾選同意，答錯問題將不受理也不退費。"),
    10: GuideStep("回答申請人持有就業金卡的相關問題",
                  "回答曾持有已過期的金卡並提供統一證號與出生日期，系統當場檢核資格。"),
    11: GuideStep("繼續回答申請人相關問題",
                  "資格符合後，再回答境內外申請、入境證件、國籍與戶籍等問題後確定。"),
    12: GuideStep("系統使用聲明事項",
                  "閱讀 13 條使用聲明，勾選同意後確定，進入申請書。"),
    13: GuideStep("就業金卡重新申請申請書",
                  "依頁籤逐一填寫申請書，紅色星號為必填；電子郵件不要用大陸地區信箱。"),
    14: GuideStep("文件上傳和儲存",
                  "在文件上傳頁籤上傳應備文件，必填都完成後按左下方儲存。"),
    15: GuideStep("儲存成功",
                  "初步檢查通過後跳出儲存成功的訊息，按確定繼續。"),
    16: GuideStep("預覽申請資料及送出",
                  "預覽各頁籤的資料，確認無誤後送出申請。"),
    17: GuideStep("完成",
                  "送出後顯示申請案號，接著到線上繳費區繳費才進入審核。"),
})

# The notes at the head of the guide's re-application part (not STEP 1's own 註 1/註 2).
NOTES: MappingProxyType[str, str] = MappingProxyType({
    "註1": "卡已屆期再申請才叫重新申請；還有效的卡在屆期前四個月內要走延期申請。",
    "註2": "重新申請要重填基本資料；資格與前次相同且類別無新規定時，平臺自動帶入前次文件但不能檢視下載。",
    "註3": "除建築設計外不必符合該領域全部條件；換領域、類別或有新規定時文件不帶入；平臺不會替你保存。",
})

RULES: MappingProxyType[str, GuideRule] = MappingProxyType({
    "R-RENEW-EXPIRED": GuideRule("只有效期已過的金卡能重新申請：統一證號和出生日期一輸入就比對。",
                                 ("註1", "STEP 10")),
    "R-RENEW-VALID": GuideRule("仍有效的金卡不能重新申請；屆期前四個月內改指引就業金卡延期申請。",
                               ("註1",)),
    "R-RENEW-NOMATCH": GuideRule("查無相符的金卡或統一證號格式錯誤時清楚說明，且不存任何資料。",
                                 ("STEP 10",)),
    "R-EXTEND-WINDOW": GuideRule("延期申請只在屆期前四個月內開放，太早、已過期或查無資料都說明原因。",
                                 ("註1", "STEP 3")),
    "R-CARRY-DOCS": GuideRule("同領域同類別且無新規定時自動帶入前次文件（不能檢視下載），否則須重新上傳。",
                              ("註2", "註3")),
    "R-ARCH-ALL": GuideRule("建築設計領域須符合所選類別的全部條件，其他領域符合一項即可。",
                            ("註3",)),
    "R-HOUSEHOLD": GuideRule("具中華民國國籍、在臺有戶籍且未遷出的人不能用這項申請。",
                             ("STEP 11", "STEP 12")),
    "R-LOGIN-CAPTCHA": GuideRule("登入要輸入畫面上的驗證碼，可換一組；驗證碼錯不算密碼錯。",
                                 ("STEP 5",)),
    "R-LOGIN-LOCK": GuideRule("連續輸錯密碼 5 次就鎖定，連對的密碼也進不去；用忘記密碼取得新密碼解鎖。",
                              ("STEP 5",)),
    "R-PASSWORD-AGE": GuideRule("密碼超過 90 天沒換，登入後要先換密碼才能做其他事。",
                                ("STEP 5",)),
    "R-ROLE": GuideRule("三種申請人角色分開登入，一種角色的帳號不能從別的角色登入。",
                        ("STEP 4",)),
    "R-REGISTER": GuideRule("新帳號要點認證信裡的連結才能登入；重發認證信會再寄一次。",
                            ("STEP 3", "STEP 5")),
    "R-SESSION-30": GuideRule("每次登入 30 分鐘並倒數，時間到就登出，沒儲存的資料都不見。",
                              ("STEP 6", "註3")),
    "R-DRAFT-30": GuideRule("暫存資料連同上傳檔從儲存當天算起保留 30 天，之後自動刪除。",
                            ("STEP 8",)),
    "R-REQUIRED": GuideRule("必填欄位空著按儲存時，逐一指出缺哪個欄位、在哪個頁籤，已填的不會消失。",
                            ("STEP 13",)),
    "R-EMAIL-CN": GuideRule("大陸地區的電子郵件信箱不能用，並說明原因。",
                            ("STEP 13",)),
    "R-UPLOAD": GuideRule("文件只收依內容判定的 JPG、PNG、PDF，每檔最多 2 MB，不合格時說明且不動暫存。",
                          ("STEP 14",)),
    "R-SUBMIT": GuideRule("送出後暫存變成申請案：12 位數申請案號、待繳費，並列在線上繳費頁。",
                          ("STEP 16", "STEP 17")),
})


def step_tag(n: int) -> str:
    """The feature tag of guide STEP n: step_tag(7) == "step-7"."""
    if n not in STEPS:
        raise ValueError(f"the guide has STEP 1 to STEP {len(STEPS)}, not STEP {n}")
    return f"step-{n}"


def rule_tag(rule_id: str) -> str:
    """The feature tag of a rule: rule_tag("R-LOGIN-LOCK") == "r-login-lock"."""
    if rule_id not in RULES:
        raise ValueError(f"{rule_id!r} is not a rule of the spec; known: {', '.join(RULES)}")
    return rule_id.lower()


STEP_TAGS: MappingProxyType[str, int] = MappingProxyType({step_tag(n): n for n in STEPS})
RULE_TAGS: MappingProxyType[str, str] = MappingProxyType({rule_tag(r): r for r in RULES})
