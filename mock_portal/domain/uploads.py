"""R-UPLOAD: documents are JPG, PNG or PDF, recognised by their content (the first
bytes), never by the file name, and at most 2 MB each."""

from __future__ import annotations

from enum import Enum

UPLOAD_LIMIT_BYTES = 2 * 1024 * 1024   # R-UPLOAD: 2 MB is 2,097,152 bytes

_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)


class UploadProblem(Enum):
    EMPTY = "empty"
    WRONG_TYPE = "wrong-type"
    TOO_LARGE = "too-large"


def sniff_type(content: bytes) -> str | None:
    """The media type the content really has, or None when it is none we accept."""
    for magic, media_type in _SIGNATURES:
        if content.startswith(magic):
            return media_type
    return None


def judge_upload(content: bytes, *, limit: int = UPLOAD_LIMIT_BYTES) -> UploadProblem | None:
    if not content:
        return UploadProblem.EMPTY
    if len(content) > limit:
        return UploadProblem.TOO_LARGE
    if sniff_type(content) is None:
        return UploadProblem.WRONG_TYPE
    return None
