"""Load: 50 applicants, each with their own account and session, all at once on one portal
(raw HTTP, one thread each): log in, 「儲存」 two drafts with their own data and uploads,
「送出」 the first. Afterwards every account shows exactly its own draft and application,
with its own data and uploaded bytes, nothing crossed between accounts, and 50 distinct
12-digit 申請案號 (R-SUBMIT). Uses the fast password hashing, so it runs in CI."""

from __future__ import annotations

import hashlib
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pytest

from tests.domain.builders import valid_values
from tests.http import client
from tests.http.client import Browser, new_account
from tests.load.applying import PNG, documents_for, save_new, shown_values, start_application, submit

APPLICANTS = 50
REQUEST_TIMEOUT_S = 30.0     # per request, under 50 concurrent sessions on a loaded CI machine
ROW = re.compile(r"<tr>\s*<td>\d+</td>\s*<td>([^<]*)</td>")


@dataclass
class Applicant:
    index: int
    account: str
    first: dict[str, str] = field(default_factory=dict)      # submitted
    second: dict[str, str] = field(default_factory=dict)     # kept as a draft
    files: dict[str, bytes] = field(default_factory=dict)    # what was uploaded with the kept draft
    draft_id: int = 0
    number: str = ""
    seconds: float = 0.0

    def values(self, which: str) -> dict[str, str]:
        n = self.index
        return valid_values(surname=f"LOAD{n:02d}{which}", given_name=f"APPLICANT{n:02d}",
                            occupation=f"{which} occupation of applicant {n}", passport_number=f"P{n:02d}{which}7654",
                            home_address=f"{n} {which} Street, applicant {n}", mobile=f"09{n:02d}{len(which)}45678")


def run_applicant(applicant: Applicant, url: str, control, start: threading.Barrier) -> Applicant:
    browser = Browser(url)
    start.wait()
    began = time.monotonic()
    reply = browser.log_in(control, applicant.account)
    assert reply.status == 303, f"{applicant.account}: login {reply.status} {reply.text[:200]}"
    applicant.first, applicant.second = applicant.values("A"), applicant.values("B")
    start_application(browser)
    first_id = save_new(browser, applicant.first,
                        documents_for(applicant.first, PNG + f"first-{applicant.account}".encode()))
    start_application(browser)
    uploads = documents_for(applicant.second, PNG + f"second-{applicant.account}".encode())
    applicant.files = {name.removeprefix("doc:"): content for name, _, content in uploads}
    applicant.draft_id = save_new(browser, applicant.second, uploads)
    applicant.number = submit(browser, first_id)
    applicant.seconds = time.monotonic() - began
    return applicant


def upload_hashes(store, owner: str) -> dict[str, str]:
    with store.transaction() as db:
        rows = db.execute("SELECT document, content FROM uploads WHERE owner = ?", (owner,)).fetchall()
    return {r[0]: hashlib.sha256(r[1]).hexdigest() for r in rows}


@pytest.mark.timeout(600)
def test_fifty_applicants_at_once_keep_their_own_drafts_and_applications(own_portal, own_control, monkeypatch):
    monkeypatch.setattr(client, "TIMEOUT", REQUEST_TIMEOUT_S)
    applicants = [Applicant(i, f"load{i:02d}") for i in range(APPLICANTS)]
    for a in applicants:
        new_account(own_control, a.account)
    start = threading.Barrier(APPLICANTS)
    began = time.monotonic()
    with ThreadPoolExecutor(APPLICANTS) as pool:
        done = list(pool.map(lambda a: run_applicant(a, own_portal.url, own_control, start), applicants))
    wall = time.monotonic() - began

    numbers = [a.number for a in done]
    assert all(re.fullmatch(r"\d{12}", n) for n in numbers), numbers
    assert len(set(numbers)) == APPLICANTS, "R-SUBMIT: two applications got the same 申請案號"

    store = own_portal.portal.store
    for a in done:
        browser = Browser(own_portal.url)
        assert browser.log_in(own_control, a.account).status == 303
        drafts = ROW.findall(browser.get("/goldcard/drafts").text)
        assert drafts == [f"{a.second['given_name']} {a.second['surname']}"], f"{a.account}: drafts {drafts}"
        shown = shown_values(browser.get(f"/goldcard/drafts/{a.draft_id}/view").text)
        assert shown["英文姓氏"] == a.second["surname"] and shown["現職"] == a.second["occupation"], a.account
        assert shown["護照號碼"] == a.second["passport_number"] and shown["行動電話"] == a.second["mobile"]
        payment = browser.get("/payment").text
        assert payment.count("<tr><td>") == 1 and a.number in payment, f"{a.account}: payment page {payment[:300]}"
        application = shown_values(browser.get(f"/goldcard/applications/{a.number}").text)
        assert application["英文姓氏"] == a.first["surname"], f"{a.account}: application shows another's data"
        assert application["申請人母國地址"] == a.first["home_address"]
        assert upload_hashes(store, f"draft:{a.draft_id}") == {
            d: hashlib.sha256(c).hexdigest() for d, c in a.files.items()}, f"{a.account}: the draft's files"
        assert set(upload_hashes(store, f"application:{a.number}").values()) == {
            hashlib.sha256(PNG + f"first-{a.account}".encode()).hexdigest()}, f"{a.account}: the application's files"
        for other in (done[(a.index + 1) % APPLICANTS], done[(a.index + 17) % APPLICANTS]):
            assert browser.get(f"/goldcard/drafts/{other.draft_id}/view").status == 404, "another's draft shown"
            assert browser.get(f"/goldcard/applications/{other.number}").status == 404, "another's application"
    assert len(store.all_drafts()) == APPLICANTS
    print(f"\n{APPLICANTS} applicants at once: {wall:.1f} s wall, slowest {max(a.seconds for a in done):.1f} s")
