"""The guide's steps and notes as the shipped guide model has them (harness/guide/), and
the spec's rules (`R-…`), each placed where the model says the guide states it. The
spec lives outside the repo (../shared), which a clean CI clone does not have; this
index is what the harness checks its features against (tests/test_feature_coverage.py:
every step and rule tagged, no unknown tag) and what the gallery reads to title its
pages. Rule summaries are our own wording."""

from __future__ import annotations

from types import MappingProxyType
from typing import NamedTuple

from .guide.model import load as load_model


class GuideStep(NamedTuple):
    title: str     # the guide's heading for the step, verbatim
    summary: str   # what the guide says there, in our own words


class GuideRule(NamedTuple):
    summary: str               # the rule, in our own words
    places: tuple[str, ...]    # where the guide says it: "註1", "STEP 10" (from the guide model)


GUIDE = load_model()
"""The shipped guide model (harness/guide/renewal.zh-TW.toml)."""

STEPS: MappingProxyType[int, GuideStep] = MappingProxyType(
    {step.number: GuideStep(step.title, step.summary) for step in GUIDE.steps})

# The notes at the head of the guide's re-application part (not STEP 1's own 註 1/註 2).
NOTES: MappingProxyType[str, str] = MappingProxyType({note.key: note.summary for note in GUIDE.notes})

_RULE_SUMMARIES = {
    "R-RENEW-EXPIRED": "只有效期已過的金卡能重新申請：統一證號和出生日期一輸入就比對。",
    "R-RENEW-VALID": "仍有效的金卡不能重新申請；屆期前四個月內改指引就業金卡延期申請。",
    "R-RENEW-NOMATCH": "查無相符的金卡或統一證號格式錯誤時清楚說明，且不存任何資料。",
    "R-EXTEND-WINDOW": "延期申請只在屆期前四個月內開放，太早、已過期或查無資料都說明原因。",
    "R-CARRY-DOCS": "同領域同類別且無新規定時自動帶入前次文件（不能檢視下載），否則須重新上傳。",
    "R-ARCH-ALL": "建築設計領域須符合所選類別的全部條件，其他領域符合一項即可。",
    "R-HOUSEHOLD": "具中華民國國籍、在臺有戶籍且未遷出的人不能用這項申請。",
    "R-LOGIN-CAPTCHA": "登入要輸入畫面上的驗證碼，可換一組；驗證碼錯不算密碼錯。",
    "R-LOGIN-LOCK": "連續輸錯密碼 5 次就鎖定，連對的密碼也進不去；用忘記密碼取得新密碼解鎖。",
    "R-PASSWORD-AGE": "密碼超過 90 天沒換，登入後要先換密碼才能做其他事。",
    "R-ROLE": "三種申請人角色分開登入，一種角色的帳號不能從別的角色登入。",
    "R-REGISTER": "新帳號要點認證信裡的連結才能登入；重發認證信會再寄一次。",
    "R-SESSION-30": "每次登入 30 分鐘並倒數，時間到就登出，沒儲存的資料都不見。",
    "R-DRAFT-30": "暫存資料連同上傳檔從儲存當天算起保留 30 天，之後自動刪除。",
    "R-REQUIRED": "必填欄位空著按儲存時，逐一指出缺哪個欄位、在哪個頁籤，已填的不會消失。",
    "R-EMAIL-CN": "大陸地區的電子郵件信箱不能用，並說明原因。",
    "R-UPLOAD": "文件只收依內容判定的 JPG、PNG、PDF，每檔最多 2 MB，不合格時說明且不動暫存。",
    "R-SUBMIT": "送出後暫存變成申請案：12 位數申請案號、待繳費，並列在線上繳費頁。",
}
RULES: MappingProxyType[str, GuideRule] = MappingProxyType(
    {rule_id: GuideRule(summary, GUIDE.places(rule_id)) for rule_id, summary in _RULE_SUMMARIES.items()})


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
