"""Property-based tests (hypothesis) of how the portal reads a request and keeps a form:
whatever text or bytes arrive, parsing ends in a value or a 4xx HttpError (never another
exception), what a browser would send comes back exactly, and 「儲存」 either refuses
with reasons or keeps every typed value as typed. Example counts are bounded so CI stays
fast; `HOSTILE_FUZZ_PROFILE=deep` runs ten times more."""

from __future__ import annotations

import os
from datetime import datetime
from functools import cache
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from mock_portal.clock import Clock
from mock_portal.domain import application_form as form
from mock_portal.domain import documents, questionnaire
from mock_portal.domain.passwords import FAST_COST
from mock_portal.http.request import (
    MAX_PATH_LENGTH,
    Request,
    body_length,
    check_headers,
    parse_cookies,
    parse_form,
    parse_target,
)
from mock_portal.http.response import HttpError
from mock_portal.policy import Policy
from mock_portal.service import Portal, Upload
from mock_portal.store import Store
from tests.domain.builders import CATEGORY, FIELD, valid_values
from tests.http.client import multipart

PROFILE = os.environ.get("HOSTILE_FUZZ_PROFILE", "ci")      # the profiles: tests/conftest.py
EXAMPLES = settings.get_profile(PROFILE).max_examples

# Text a browser can send: UTF-8 encodes every code point but a lone surrogate.
TYPED = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)
HOSTILE_TEXT = st.one_of(
    TYPED,
    st.sampled_from(["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "{{ 7*7 }}", "{% raw %}",
                     "'; DROP TABLE drafts; --", "../../etc/passwd", "\x00", "\u202e\u0635", "A" * 5000,
                     "%00%2e%2e", "\r\nSet-Cookie: x=1", "🀄️👩‍👩‍👧", "\ufeff", "Ａ８０００１３１４６"]),
)
NAMES = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters='"\\'), min_size=1,
                max_size=20)
TAIPEI = ZoneInfo("Asia/Taipei")


def is_4xx(error: HttpError) -> bool:
    return 400 <= int(error.status) < 500 or int(error.status) in (501, 505)


def fuzz(examples: int = EXAMPLES):
    return settings(settings.get_profile(PROFILE), max_examples=examples)


# Request target, headers, cookies, Content-Length ------------------------------------------
@fuzz()
@given(st.one_of(TYPED, TYPED.map(lambda t: "/" + t), st.binary().map(lambda b: "/" + b.decode("latin-1"))))
@example("//")                       # found by this test: urlsplit read it as a host and an empty path
@example("//evil.example/home")
def test_a_request_target_is_parsed_or_refused_with_a_4xx(target):
    try:
        path, query = parse_target(target)
    except HttpError as error:
        assert is_4xx(error)
        return
    assert path.startswith("/") and len(target) <= MAX_PATH_LENGTH
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in query.items())


@fuzz()
@given(st.dictionaries(NAMES, TYPED, max_size=10))
def test_a_query_a_browser_sends_comes_back_as_sent(values):
    path, query = parse_target("/goldcard/drafts?" + urlencode(values))
    assert path == "/goldcard/drafts"
    assert query == values


@fuzz()
@given(st.lists(st.binary(max_size=300), max_size=30))
def test_raw_header_lines_are_accepted_or_refused_with_a_4xx(lines):
    try:
        check_headers(lines)
    except HttpError as error:
        assert is_4xx(error)


@fuzz()
@given(st.one_of(TYPED, st.binary(max_size=200).map(lambda b: b.decode("latin-1"))))
def test_any_cookie_header_gives_a_dict_of_strings(header):
    cookies = parse_cookies(header)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in cookies.items())


@fuzz()
@given(st.one_of(st.none(), TYPED, st.integers(-10, 10**20).map(str)), st.sampled_from(["GET", "POST", "HEAD"]),
       st.booleans(), st.integers(0, 10**8))
def test_content_length_is_bounded_or_refused(declared, method, chunked, limit):
    headers = {} if declared is None else {"content-length": declared}
    if chunked:
        headers["transfer-encoding"] = "chunked"
    try:
        length = body_length(headers, method, limit)
    except HttpError as error:
        assert is_4xx(error)
        return
    assert 0 <= length <= limit


# Form bodies ------------------------------------------------------------------------------
def posted(body: bytes, content_type: str) -> Request:
    return Request("POST", "/goldcard/apply/save", {}, {"content-type": content_type}, {}, body)


@fuzz()
@given(st.binary(max_size=2000), st.sampled_from([
    "application/x-www-form-urlencoded", "multipart/form-data; boundary=XyZ", "multipart/form-data",
    "multipart/form-data; boundary=" + "b" * 71, "text/plain", "", "application/json", "multipart/mixed; boundary=a",
]))
def test_any_form_body_is_parsed_or_refused_with_a_4xx(body, content_type):
    request = posted(body, content_type)
    try:
        parse_form(request, part_limit=2 * 1024 * 1024)
    except HttpError as error:
        assert is_4xx(error)
        return
    assert all(isinstance(v, str) for values in request.form.values() for v in values)


@fuzz()
@given(st.lists(st.tuples(NAMES, HOSTILE_TEXT), max_size=40))
def test_a_url_encoded_form_comes_back_as_typed(pairs):
    request = posted(urlencode(pairs).encode(), "application/x-www-form-urlencoded")
    parse_form(request, part_limit=1024)
    expected: dict[str, list[str]] = {}
    for name, value in pairs:
        expected.setdefault(name, []).append(value)
    assert request.form == expected


MULTIPART_NAMES = st.text(st.sampled_from("abcxyz_:-0123456789護照照片薪資證明"), min_size=1, max_size=12)


@fuzz()
@given(st.lists(st.tuples(MULTIPART_NAMES, HOSTILE_TEXT), max_size=15),
       st.lists(st.tuples(MULTIPART_NAMES, st.text(st.sampled_from("abc.-_ 護照"), min_size=1, max_size=12),
                          st.binary(min_size=1, max_size=3000)), max_size=5))
def test_a_multipart_form_comes_back_as_typed_and_uploaded(fields, files):
    body, content_type = multipart(fields, files)
    request = posted(body, content_type)
    parse_form(request, part_limit=1024 * 1024)
    expected: dict[str, list[str]] = {}
    for name, value in fields:
        expected.setdefault(name, []).append(value)
    assert request.form == expected
    assert [(f.name, f.filename, f.content) for f in request.files] == files


@fuzz()
@given(st.binary(max_size=500))
def test_any_json_body_is_read_or_refused_with_a_400(body):
    request = Request("POST", "/__test__/clock", {}, {"content-type": "application/json"}, {}, body)
    try:
        request.json()
    except HttpError as error:
        assert int(error.status) == 400


# 「儲存」 through the portal's use cases --------------------------------------------------
TEXT_FIELDS = [f.key for f in form.FIELDS if f.kind in ("text", "email", "date")]
ALL_KEYS = [f.key for f in form.FIELDS]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


@cache
def portal() -> Portal:
    clock = Clock(source=lambda: datetime(2026, 3, 15, 10, 0, tzinfo=TAIPEI))
    service = Portal(Store(":memory:"), clock, Policy(password_cost=FAST_COST))
    service.create_account("fuzzer", "Passw0rd1234", "fuzzer@example.com", "foreigner", "Fuzz Er")
    return service


def signed_in_with_answers(service: Portal):
    session = service.new_session()
    assert service.log_in(session, "foreigner", "fuzzer", "Passw0rd1234", session.captcha) is None
    answers = {questionnaire.HOLDER: "否", questionnaire.IN_TAIWAN: "否(境外申請)", questionnaire.ROC_NATIONALITY: "否"}
    assert service.start_application(service.store.session(session.id), answers) == (None, None)
    session = service.store.session(session.id)
    return session, service.signed_in_account(session)


def all_uploads() -> list[Upload]:
    return [Upload(d, f"{i}.png", PNG) for i, d in enumerate(documents.required_documents(FIELD, CATEGORY))]


@fuzz(max(10, EXAMPLES // 2))
@given(st.dictionaries(st.sampled_from(ALL_KEYS), HOSTILE_TEXT), st.lists(HOSTILE_TEXT, max_size=5))
def test_save_with_any_values_refuses_with_reasons_or_keeps_them(values, criteria):
    service = portal()
    session, account = signed_in_with_answers(service)
    result = service.save(session, account, None, values, criteria, all_uploads(), [])
    if result.problems:
        assert result.draft_id is None
        assert all(p.tab in form.TABS for p in result.problems)
    else:
        kept = service.draft(account, result.draft_id).data
        assert {k: kept[k] for k in ALL_KEYS} == {k: values.get(k, "").strip() for k in ALL_KEYS}


@fuzz(max(10, EXAMPLES // 2))
@given(st.sampled_from(TEXT_FIELDS), HOSTILE_TEXT)
def test_one_hostile_field_in_a_complete_form_is_refused_by_name_or_kept_exactly(key, value):
    service = portal()
    session, account = signed_in_with_answers(service)
    values = valid_values(**{key: value})
    result = service.save(session, account, None, values, [], all_uploads(), [])
    if result.problems:
        label = form.FIELD_BY_KEY[key].label
        assert result.draft_id is None
        assert any(p.label == label for p in result.problems), (key, value, result.problems)
    else:
        assume(result.draft_id is not None)
        kept = service.draft(account, result.draft_id).data
        assert kept[key] == value.strip(), "R-REQUIRED / STEP 13: a typed value was altered"
