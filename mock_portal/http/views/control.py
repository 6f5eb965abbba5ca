"""The control API under /__test__/ (only with --test-api): how a suite sets up the
world and moves time. JSON in, JSON out; a malformed body gets 400 with the reason
and, for an unknown field, category or role, the accepted values."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from http import HTTPStatus

from ...clock import TAIPEI
from ...domain import catalog
from ...domain.cards import Card
from ...domain.login import ROLES
from ..context import COOKIE, HOME_PATH, ROUTER, Ctx
from ..response import HttpError, Response

MAX_MOVE = timedelta(days=10 * 366)


def _bad(message: str, **extra) -> HttpError:
    return HttpError(HTTPStatus.BAD_REQUEST, message, **extra)


def _items(data) -> list[dict]:
    items = data if isinstance(data, list) else [data]
    if not items or not all(isinstance(i, dict) for i in items):
        raise _bad("expected a JSON object or a non-empty list of objects")
    return items


def _text(item: dict, key: str, default: str | None = None) -> str:
    value = item.get(key, default)
    if not isinstance(value, str) or not value:
        raise _bad(f"'{key}' must be a non-empty string")
    return value


def _date(item: dict, key: str) -> date:
    try:
        return date.fromisoformat(_text(item, key))
    except ValueError:
        raise _bad(f"'{key}' must be a date YYYY-MM-DD") from None


def _moment(text) -> datetime:
    """An ISO-8601 time; without an offset it is read as Asia/Taipei, as the spec says."""
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise _bad("time must be ISO-8601, e.g. 2026-01-31T09:00:00+08:00") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=TAIPEI)


def _field_and_category(item: dict) -> tuple[str, str]:
    field = _text(item, "field")
    if field not in catalog.FIELDS:
        raise _bad(f"unknown field {field!r}", accepted=list(catalog.FIELDS))
    categories = [c.name for c in catalog.categories_of(field)]
    category = item.get("category") or categories[0]
    if category not in categories:
        raise _bad(f"unknown category {category!r} for field {field!r}", accepted=categories)
    return field, category


@ROUTER.post("/__test__/reset")
def reset(ctx: Ctx) -> Response:
    ctx.portal.reset()
    return Response.json({"ok": True, "now": ctx.portal.clock.now().isoformat()})


@ROUTER.post("/__test__/accounts")
def accounts(ctx: Ctx) -> Response:
    items = _items(ctx.request.json())
    for item in items:
        role = item.get("role", "foreigner")
        if role not in ROLES:
            raise _bad(f"unknown role {role!r}", accepted=list(ROLES))
        verified = item.get("verified", True)
        if not isinstance(verified, bool):
            raise _bad("'verified' must be true or false")
        changed = item.get("password_changed_at")
        ctx.portal.create_account(
            _text(item, "account"), _text(item, "password"), _text(item, "email"), role,
            item.get("name") or _text(item, "account"), verified, _moment(changed) if changed else None,
        )
    return Response.json({"created": len(items)}, HTTPStatus.CREATED)


@ROUTER.post("/__test__/cards")
def cards(ctx: Ctx) -> Response:
    items = _items(ctx.request.json())
    made = []
    for item in items:
        field, category = _field_and_category(item)
        documents = item.get("documents", [])
        if documents == "all":      # an extension: every document the category requires
            documents = list(catalog.find_category(field, category).documents)
        if not isinstance(documents, list) or not all(isinstance(d, str) for d in documents):
            raise _bad("'documents' must be a list of document names, or \"all\"")
        card = Card(_text(item, "ui_number").upper(), _date(item, "birth_date"), _date(item, "valid_from"),
                    _date(item, "valid_until"), field, category, tuple(documents))
        if card.valid_until < card.valid_from:
            raise _bad("'valid_until' is before 'valid_from'")
        made.append(ctx.portal.add_card(card))
    return Response.json({"created": len(made)}, HTTPStatus.CREATED)


@ROUTER.post("/__test__/categories")
def categories(ctx: Ctx) -> Response:
    item = ctx.request.json()
    if not isinstance(item, dict):
        raise _bad("expected a JSON object")
    field, category = _field_and_category(item)
    ctx.portal.mark_rules_changed(field, category, _date(item, "rules_changed_on"))
    return Response.json({"ok": True})


def _within_range(move):
    """Refuse a time the calendar cannot hold (year 1 or 9999 with an offset)."""
    try:
        return move()
    except (OverflowError, ValueError):
        raise _bad("that time is out of range") from None


@ROUTER.get("/__test__/clock")
def clock(ctx: Ctx) -> Response:
    return Response.json({"now": ctx.portal.clock.now().isoformat()})


@ROUTER.post("/__test__/clock")
def move_clock(ctx: Ctx) -> Response:
    data = ctx.request.json()
    if not isinstance(data, dict):
        raise _bad("expected a JSON object")
    frozen = data.get("frozen")
    if frozen is not None and not isinstance(frozen, bool):
        raise _bad("'frozen' must be true or false")
    if "advance_seconds" in data:
        seconds = data["advance_seconds"]
        if (isinstance(seconds, bool) or not isinstance(seconds, int | float) or not math.isfinite(seconds)
                or abs(seconds) > MAX_MOVE.total_seconds()):
            raise _bad("'advance_seconds' must be a finite number of seconds (at most ten years)")
        now = _within_range(lambda: ctx.portal.clock.advance(timedelta(seconds=seconds)))
    elif "now" in data:
        moment = _moment(data["now"])
        now = _within_range(lambda: ctx.portal.clock.set(moment, frozen=frozen))
    elif frozen is not None:
        now = ctx.portal.clock.set(ctx.portal.clock.now(), frozen=frozen)
    else:
        raise _bad("give 'advance_seconds', 'now' or 'frozen'")
    return Response.json({"now": now.isoformat()})


@ROUTER.post("/__test__/sessions")
def sessions(ctx: Ctx) -> Response:
    """An extension of the bundled portal: a browser session already signed in, so a suite
    can start a scenario that is not about STEP 1-5 on a signed-in page. Answers the cookie
    to set and the signed-in home to open; refuses (409) what 「登入」 would refuse."""
    item = ctx.request.json()
    if not isinstance(item, dict):
        raise _bad("expected a JSON object")
    session, refusal = ctx.portal.open_signed_in_session(_text(item, "account"))
    if refusal is not None:
        raise HttpError(HTTPStatus.CONFLICT, f"login would be refused: {refusal.value}")
    return Response.json({"cookie": {"name": COOKIE, "value": session.id}, "home": HOME_PATH},
                         HTTPStatus.CREATED)


@ROUTER.get("/__test__/captcha")
def captcha(ctx: Ctx) -> Response:
    session_id = ctx.request.cookies.get(COOKIE, "")
    session = ctx.portal.session(session_id)
    if session is None:
        raise HttpError(HTTPStatus.NOT_FOUND, "no portal session for this cookie: load the login page first")
    return Response.json({"captcha": session.captcha})


@ROUTER.get("/__test__/mail")
def mail(ctx: Ctx) -> Response:
    to = ctx.request.query.get("to", "")
    if not to:
        raise _bad("give ?to=ADDRESS")
    return Response.json({"mails": ctx.portal.outbox(to)})
