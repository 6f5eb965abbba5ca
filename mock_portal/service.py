"""The portal's use cases: each one reads state from the store, asks the domain for a
decision with the clock's "now", and writes the outcome back. The HTTP layer calls
these and renders; the control API calls them too, never the store behind them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

from .clock import Clock
from .domain import application_form as form
from .domain import documents, login, questionnaire, submission
from .domain.accounts import registration_problems
from .domain.cards import Card
from .domain.drafts import draft_expired
from .domain.eligibility import Finding, Verdict, judge_extension, judge_reapplication
from .domain.passwords import PasswordProblem, hash_password, new_password_problem, verify_password
from .domain.session import seconds_left, session_over
from .domain.uploads import judge_upload, sniff_type
from .mail import Mail, MailNotSent, OutboxSender, Sender
from .policy import Policy
from .store import Account, Application, Draft, Session, Store

CAPTCHA_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789"
CAPTCHA_LENGTH = 6


@dataclass(frozen=True)
class Upload:
    """One file as posted for one document."""

    document: str
    filename: str
    content: bytes


class Mailed(Enum):
    """What became of a mail a use case wanted to send."""

    SENT = "sent"
    NOT_SENT = "not-sent"        # the mail server refused it or was out of reach; nothing changed
    NO_MATCH = "no-match"        # no account fits what was entered: nothing to send


@dataclass
class Registration:
    problems: list
    mailed: Mailed | None = None   # the confirmation mail, once the account exists


@dataclass
class SaveResult:
    draft_id: int | None = None
    problems: list[form.Problem] = field(default_factory=list)


class Portal:
    def __init__(self, store: Store, clock: Clock, policy: Policy | None = None) -> None:
        self.store = store
        self.clock = clock
        self.policy = policy or Policy()
        self.public_url = ""   # set by the server once it knows its port; used in mailed links
        self.mail_sender: Sender = OutboxSender(store)   # or SmtpSender (--smtp)
        self.html_rewrites: list = []   # (template name, html) -> html: a screen deviation

    # sessions and login -----------------------------------------------------
    def new_session(self) -> Session:
        session_id, csrf = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        self.store.add_session(session_id, csrf, self._captcha(), self.clock.now())
        return self.store.session(session_id)

    def session(self, session_id: str) -> Session | None:
        """The browser session behind a cookie, as it stands now (None: unknown or gone)."""
        return self.store.session(session_id) if session_id else None

    def leave_flash(self, session: Session, flash: str | None) -> None:
        """A message code the next page shows once (a sign-out's reason, a saved password)."""
        self.store.set_flash(session.id, flash)

    def take_flash(self, session: Session) -> str | None:
        """The message code left for this page, now shown and so cleared."""
        if session.flash:
            self.store.set_flash(session.id, None)
        return session.flash

    def new_captcha(self, session: Session) -> None:
        """R-LOGIN-CAPTCHA: 「換下一組」, a failed attempt or a new login page shows a new one."""
        self.store.set_captcha(session.id, self._captcha())

    def another_captcha(self, session: Session) -> None:
        """「換下一組」 (R-LOGIN-CAPTCHA): the user asks for a new captcha."""
        self.new_captcha(session)

    def _captcha(self) -> str:
        """A random text, or the policy's fixed one: a staging portal's testers are told it."""
        return self.policy.captcha or _random_captcha()

    def log_in(self, session: Session, role: str, account: str, password: str, captcha: str) -> login.Refusal | None:
        """STEP 5. R-LOGIN-CAPTCHA, R-LOGIN-LOCK, R-ROLE, R-REGISTER."""
        stored = self.store.account(account.strip())
        attempt = login.Attempt(
            captcha_ok=captcha.strip() == session.captcha,
            account_exists=stored is not None,
            password_ok=stored is not None and verify_password(password, stored.password_hash),
            role_ok=stored is not None and stored.role == role,
            verified=stored is not None and stored.verified,
        )
        refusal = self._judge_login(stored, attempt)
        self.new_captcha(session)
        if refusal is None:
            self._admit(session, stored)
        return refusal

    def _judge_login(self, stored: Account | None, attempt: login.Attempt) -> login.Refusal | None:
        """R-LOGIN-LOCK as the domain decides it: the count of wrong passwords it returns
        (one more, the same, or 0 after a success) is what the store keeps."""
        count = stored.wrong_in_a_row if stored else 0
        new_count, refusal = login.judge_login(count, attempt, max_wrong=self.policy.max_wrong_passwords)
        if stored and new_count != count:
            self.store.set_wrong_in_a_row(stored.account, new_count)
        return refusal

    def _admit(self, session: Session, account: Account) -> None:
        """What a successful login does besides the count: uploads pending from before
        are dropped, and the 30 minutes run from now."""
        self.store.drop_pending_uploads(session.id)
        self.store.sign_in(session.id, account.account, self.clock.now())

    def open_signed_in_session(self, account: str) -> tuple[Session | None, login.Refusal | None]:
        """The control API's sign-in, for a suite that skips STEP 1-5 in scenarios that are
        not about them: a new browser session signed in as `account`, as a successful login
        leaves one (the 30 minutes run from now). Judged by the login rules with the
        captcha, password and role taken as right, so a locked, unconfirmed or unknown
        account is refused here as it would be at 「登入」."""
        stored = self.store.account(account.strip())
        attempt = login.Attempt(captcha_ok=True, account_exists=stored is not None, password_ok=True,
                                role_ok=True, verified=stored is not None and stored.verified)
        refusal = self._judge_login(stored, attempt)
        if refusal is not None:
            return None, refusal
        session = self.new_session()
        self._admit(session, stored)
        return self.store.session(session.id), None

    def signed_in_account(self, session: Session) -> Account | None:
        """R-SESSION-30: the account behind a live session; a session past its 30 minutes
        is signed out here, with everything unsaved, whatever the request was."""
        if session.account is None or session.logged_in_at is None:
            return None
        if session_over(session.logged_in_at, self.clock.now(), length=self.policy.session_length):
            self.store.sign_out(session.id, flash="timeout")
            return None
        return self.store.account(session.account)

    def seconds_left(self, session: Session) -> int:
        return seconds_left(session.logged_in_at, self.clock.now(), length=self.policy.session_length)

    def log_out(self, session: Session, flash: str | None = None) -> None:
        self.store.sign_out(session.id, flash=flash)

    def must_change_password(self, account: Account) -> bool:
        """R-PASSWORD-AGE."""
        return login.password_expired(account.password_changed_at, self.clock.now(),
                                      max_age=self.policy.password_max_age)

    def change_password(self, account: Account, new: str, confirm: str) -> PasswordProblem | None:
        problem = new_password_problem(new, confirm, old_hash=account.password_hash)
        if problem is None:
            self.store.set_password(account.account, self._hash(new), self.clock.now())
        return problem

    # accounts: control API, registration, forgotten account or password ------
    def create_account(self, account: str, password: str, email: str, role: str, name: str,
                       verified: bool = True, password_changed_at: datetime | None = None) -> None:
        self.store.add_account(Account(
            account, self._hash(password), email, role, name, verified,
            password_changed_at or self.clock.now(), 0, None,
        ))

    def register(self, role: str, account: str, name: str, email: str, password: str, confirm: str) -> Registration:
        """R-REGISTER: the new account cannot log in until its email is confirmed. When the
        confirmation mail cannot be sent the account is kept: 「重發認證信」 sends it later."""
        account, email = account.strip(), email.strip()
        problems = registration_problems(account, name, email, password, confirm,
                                         taken=self.store.account(account) is not None)
        if problems:
            return Registration(problems)
        self.create_account(account, password, email, role, name.strip(), verified=False)
        return Registration([], self._mail_confirmation(account, email))

    def resend_confirmation(self, account: str, email: str) -> Mailed:
        """「重發認證信」: a new link replaces the old one (only once the new one was sent)."""
        stored = self.store.account(account.strip())
        if stored is None or stored.verified or stored.email.lower() != email.strip().lower():
            return Mailed.NO_MATCH
        return self._mail_confirmation(stored.account, stored.email)

    def confirm_email(self, token: str) -> bool:
        stored = self.store.account_by_token(token) if token else None
        if stored is None:
            return False
        self.store.mark_verified(stored.account)
        return True

    def forgot_password(self, account: str, email: str) -> Mailed:
        """R-LOGIN-LOCK: 「忘記密碼?」 mails a new password and unlocks the account. The new
        password counts only once its mail went: otherwise nobody could know it."""
        stored = self.store.account(account.strip())
        if stored is None or stored.email.lower() != email.strip().lower():
            return Mailed.NO_MATCH
        new = _new_password()
        mailed = self._send(stored.email, "外國專業人才申辦窗口平臺 新密碼通知",
                            f"帳號 {stored.account} 的密碼已重新設定，帳號如已鎖定亦已解除。\n新密碼：{new}\n"
                            "請以新密碼登入。")
        if mailed is Mailed.SENT:
            self.store.set_password(stored.account, self._hash(new), self.clock.now())
            self.store.set_wrong_in_a_row(stored.account, login.after_password_reset(stored.wrong_in_a_row))
        return mailed

    def forgot_account(self, email: str) -> Mailed:
        """「忘記帳號?」 mails the accounts registered with that address."""
        found = self.store.accounts_by_email(email.strip())
        if not found:
            return Mailed.NO_MATCH
        names = "、".join(a.account for a in found)
        return self._send(email.strip(), "外國專業人才申辦窗口平臺 帳號查詢", f"以此電子郵件註冊的帳號：{names}")

    def _mail_confirmation(self, account: str, email: str) -> Mailed:
        token = secrets.token_urlsafe(24)
        link = f"{self.public_url}/register/confirm?token={token}"
        mailed = self._send(email, "外國專業人才申辦窗口平臺 帳號認證信",
                            f"請點選下列連結完成帳號 {account} 的電子郵件認證：\n{link}", [link])
        if mailed is Mailed.SENT:
            self.store.set_verify_token(account, token)
        return mailed

    def _send(self, to: str, subject: str, body: str, links: list[str] | None = None) -> Mailed:
        try:
            self.mail_sender.send(Mail(to, subject, body, tuple(links or ()), self.clock.now()))
        except MailNotSent:
            return Mailed.NOT_SENT
        return Mailed.SENT

    def _hash(self, password: str) -> str:
        return hash_password(password, secrets.token_bytes(16), cost=self.policy.password_cost)

    # STEP 10-12: who may apply ------------------------------------------------
    def check_reapplication(self, ui_number: str, birth_date: date) -> Finding:
        """R-RENEW-EXPIRED, R-RENEW-VALID, R-RENEW-NOMATCH, checked the moment both are entered."""
        cards = self.store.cards(ui_number)
        return judge_reapplication(cards, ui_number, birth_date, self.clock.today(),
                                   months=self.policy.extension_window_months)

    def check_extension(self, ui_number: str, birth_date: date) -> Finding:
        """R-EXTEND-WINDOW."""
        cards = self.store.cards(ui_number)
        return judge_extension(cards, ui_number, birth_date, self.clock.today(),
                               months=self.policy.extension_window_months)

    def judge_dialog(self, values: dict[str, str]) -> questionnaire.Stop | None:
        """STEP 10-11 as the applicant answers: the page's script asks this after each
        answer, and 「確定」 asks it again, so the dialog's rules live only here."""
        return questionnaire.judge_answers(questionnaire.Answers(values))

    def start_application(self, session: Session, values: dict[str, str]) -> tuple[questionnaire.Stop | None,
                                                                                  Finding | None]:
        """The dialog's 「確定」 (STEP 11): the answers are judged again on the server, and
        kept in the session (not a draft) until the form is saved."""
        stop = self.judge_dialog(values)
        if stop:
            return stop, None
        answers = questionnaire.Answers(values)
        card_id = None
        if answers.reapplying:
            birth = form.parse_date(answers.get(questionnaire.BIRTH_DATE))
            if birth is None:
                return questionnaire.Stop.MISSING, None
            finding = self.check_reapplication(answers.get(questionnaire.UI_NUMBER), birth)
            if finding.verdict is not Verdict.ELIGIBLE:
                return None, finding
            card_id = self.store.cards(finding.card.ui_number)[finding.card]
        kept = {q: answers.get(q) for q in values}
        self.store.set_answers(session.id, kept, card_id)
        return None, None

    # STEP 13-16: the form, drafts, uploads ----------------------------------
    def card_for(self, card_id: int | None) -> Card | None:
        return self.store.card(card_id)

    def carried(self, card: Card | None, field_name: str, category: str) -> tuple[str, ...]:
        """R-CARRY-DOCS."""
        return documents.carried_documents(card, field_name, category,
                                           self.store.rules_changed_on(field_name, category) if card else None)

    def carried_by_category(self, card: Card | None) -> dict[str, list[str]]:
        """What the page's script needs to show carried documents as 專長領域/申請資格 change."""
        if card is None:
            return {}
        docs = self.carried(card, card.field, card.category)
        return {f"{card.field}|{card.category}": list(docs)} if docs else {}

    def drafts(self, account: Account) -> list[Draft]:
        """R-DRAFT-30: drafts past their 30 days are deleted before anyone sees the list."""
        self.purge_drafts()
        return self.store.drafts(account.account)

    def draft(self, account: Account, draft_id: int) -> Draft | None:
        self.purge_drafts()
        return self.store.draft(draft_id, account.account)

    def purge_drafts(self) -> int:
        today = self.clock.today()
        expired = [d for d in self.store.all_drafts()
                   if draft_expired(d.saved_on, today, days=self.policy.draft_kept_days)]
        for d in expired:
            self.store.delete_draft(d.id)
        return len(expired)

    def delete_draft(self, account: Account, draft_id: int) -> bool:
        if self.draft(account, draft_id) is None:
            return False
        self.store.delete_draft(draft_id)
        return True

    def judge_uploads(self, uploads: list[Upload]) -> list[form.Problem]:
        """R-UPLOAD, per file, before anything is stored."""
        problems = []
        for upload in uploads:
            problem = judge_upload(upload.content, limit=self.policy.upload_limit)
            if problem:
                problems.append(form.Problem(form.TAB_UPLOAD, upload.document, "upload-" + problem.value,
                                             upload.filename))
        return problems

    def media_type(self, upload: Upload) -> str | None:
        """R-UPLOAD: what a file is, read from its content (never from its name)."""
        return sniff_type(upload.content)

    def save(self, session: Session, account: Account, draft: Draft | None, values: dict[str, str],
             criteria: list[str], uploads: list[Upload], cleared: list[str]) -> SaveResult:
        """「儲存」 (STEP 14-15). Files that pass R-UPLOAD are kept with the session even when
        other fields are refused, so nothing the user gave is lost; the draft itself
        changes only when everything passes."""
        upload_problems = self.judge_uploads(uploads)
        bad = {p.label for p in upload_problems}
        for document in cleared:
            self.store.drop_pending_upload(session.id, document)
        for upload in uploads:
            if upload.document not in bad:
                self.store.put_pending_upload(session.id, upload.document, upload.filename,
                                              self.media_type(upload), upload.content)
        problems = form.check_form(values, criteria, today=self.clock.today())
        card_id = draft.card_id if draft else session.card_id
        card = self.store.card(card_id)
        field_name, category = values.get("field", ""), values.get("category", "")
        present = set(self.store.pending_uploads(session.id))
        if draft:
            present |= set(self.store.draft_uploads(draft.id)) - set(cleared)
        missing = documents.missing_documents(field_name, category, present, self.carried(card, field_name, category))
        problems += [form.Problem(form.TAB_UPLOAD, d, "document-missing") for d in missing if d not in bad]
        problems += upload_problems
        if problems:
            return SaveResult(draft.id if draft else None, problems)
        if draft:
            for document in cleared:
                self.store.drop_draft_upload(draft.id, document)
        kept = {f.key: values.get(f.key, "").strip() for f in form.FIELDS}
        kept[form.CRITERIA_KEY] = list(criteria)
        kept["answers"] = draft.data.get("answers") if draft else session.answers
        draft_id = self.store.save_draft(draft.id if draft else None, account.account, form.applicant_name(kept),
                                         kept, card_id, self.clock.now(), session.id)
        return SaveResult(draft_id, [])

    def document_rows(self, draft: Draft) -> list[dict]:
        """「應檢附文件」 of a saved draft as STEP 16 shows them and R-SUBMIT keeps them: each
        document with the file uploaded for it, or carried from the last card (R-CARRY-DOCS)."""
        field_name, category = draft.data.get("field", ""), draft.data.get("category", "")
        carried = self.carried(self.store.card(draft.card_id), field_name, category)
        uploaded = self.store.draft_uploads(draft.id)
        return [{"document": d, "carried": d in carried and d not in uploaded,
                 "filename": uploaded[d].filename if d in uploaded else ""}
                for d in documents.required_documents(field_name, category)]

    def uploads_of(self, session: Session, draft: Draft | None) -> dict:
        """Files attached so far: the draft's, overlaid by this session's pending ones."""
        found = dict(self.store.draft_uploads(draft.id)) if draft else {}
        found.update(self.store.pending_uploads(session.id))
        return found

    def discard_unsaved(self, session: Session) -> None:
        self.store.drop_pending_uploads(session.id)

    # STEP 16-17: submit and pay ----------------------------------------------
    def submit(self, account: Account, draft_id: int) -> str | None:
        """R-SUBMIT: the draft becomes an application with a unique 12-digit 申請案號,
        awaiting payment, and leaves the drafts list, all in one transaction."""
        draft = self.draft(account, draft_id)
        if draft is None:
            return None
        docs = self.document_rows(draft)
        now = self.clock.now()
        with self.store.transaction() as db:
            number = submission.application_number(now.date(), self.store.next_serial(db))
            self.store.add_application(db, Application(
                number, account.account, draft.name, draft.data, docs, now,
                submission.AWAITING_PAYMENT, submission.FEE_TWD,
            ), draft.id)
        return number

    def applications(self, account: Account) -> list[Application]:
        return self.store.applications(account.account)

    def application(self, account: Account, number: str) -> Application | None:
        return self.store.application(number, account.account)

    # control API ------------------------------------------------------------
    def add_card(self, card: Card) -> int:
        """A Gold Card issued before (the record STEP 10 checks the 統一證號 against)."""
        return self.store.add_card(card)

    def mark_rules_changed(self, field_name: str, category: str, on: date) -> None:
        """The day a category's document rules last changed (R-CARRY-DOCS)."""
        self.store.set_rules_changed(field_name, category, on)

    def outbox(self, to: str) -> list:
        """The mails sent to an address, oldest first (R-REGISTER, 「忘記密碼?」)."""
        return self.store.mails(to)

    def reset(self) -> None:
        self.store.reset()
        self.clock.reset()


def _random_captcha() -> str:
    return "".join(secrets.choice(CAPTCHA_ALPHABET) for _ in range(CAPTCHA_LENGTH))


def _new_password() -> str:
    """A mailed password that meets the policy: letters and digits, 12 characters."""
    letters = "".join(secrets.choice("abcdefghjkmnpqrstuvwxyz") for _ in range(8))
    return letters[:4] + str(secrets.randbelow(9000) + 1000) + letters[4:]


