"""STEP 14: R-UPLOAD, JPG, PNG or PDF by content (never by name), at most 2 MB each."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mock_portal.clock import Clock
from mock_portal.domain.uploads import UPLOAD_LIMIT_BYTES, UploadProblem, judge_upload, sniff_type
from mock_portal.service import Portal, Upload
from mock_portal.store import Store

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"%PDF-")
TWO_MB = 2_097_152


def padded(head: bytes, size: int) -> bytes:
    return head + b"\x00" * (size - len(head))


def test_r_upload_limit_is_two_mebibytes():
    assert UPLOAD_LIMIT_BYTES == 2 * 1024 * 1024 == TWO_MB


@pytest.mark.parametrize(
    ("content", "media_type"),
    [(JPEG, "image/jpeg"), (PNG, "image/png"), (PDF, "application/pdf")],
)
def test_r_upload_accepts_jpeg_png_pdf_by_magic_bytes(content, media_type):
    assert sniff_type(content) == media_type
    assert judge_upload(content) is None


@pytest.mark.parametrize(
    "content",
    [
        b"hello, this is text",
        b"GIF89a\x01\x00\x01\x00",
        b"PK\x03\x04",                 # a zip (or docx)
        b"\x89PNG",                    # a cut PNG signature is not a PNG
        b"%PDF",                       # nor a cut PDF one
        b" %PDF-1.7",                  # the signature must be first
    ],
)
def test_r_upload_refuses_other_content(content):
    assert sniff_type(content) is None
    assert judge_upload(content) is UploadProblem.WRONG_TYPE


@pytest.mark.parametrize(
    ("filename", "content", "expected"),
    [
        ("scan.pdf", PNG, []),                                  # a PNG named .pdf is a PNG: fine
        ("photo.jpg", b"just some text", ["upload-wrong-type"]),  # text named .jpg is text
        ("photo.txt", JPEG, []),
    ],
)
def test_r_upload_judged_by_content_not_by_name(filename, content, expected):
    """The file name reaches the portal only with the upload: judge one through it."""
    problems = Portal(Store(":memory:"), Clock()).judge_uploads([Upload("照片", filename, content)])
    assert [p.code for p in problems] == expected


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (TWO_MB - 1, None),
        (TWO_MB, None),                          # exactly 2,097,152 bytes is fine
        (TWO_MB + 1, UploadProblem.TOO_LARGE),   # one byte more is not
    ],
)
def test_r_upload_size_boundary(size, expected):
    assert judge_upload(padded(PDF, size)) is expected


def test_r_upload_too_large_is_said_before_wrong_type():
    assert judge_upload(b"x" * (TWO_MB + 1)) is UploadProblem.TOO_LARGE


def test_r_upload_empty_file():
    assert judge_upload(b"") is UploadProblem.EMPTY


def test_r_upload_limit_is_a_setting():
    assert judge_upload(padded(PNG, 101), limit=100) is UploadProblem.TOO_LARGE
    assert judge_upload(padded(PNG, 100), limit=100) is None


@given(st.binary(min_size=1, max_size=4096).filter(lambda b: not b.startswith(SIGNATURES)))
def test_r_upload_random_bytes_without_a_signature_are_wrong_type(content):
    assert judge_upload(content) is UploadProblem.WRONG_TYPE


@given(st.sampled_from(SIGNATURES), st.binary(max_size=4096))
def test_r_upload_any_content_after_a_signature_is_accepted(signature, rest):
    assert judge_upload(signature + rest) is None
