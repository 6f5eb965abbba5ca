"""Small documents to upload (R-UPLOAD): real JPG, PNG and PDF bytes, and the wrong
kinds the portal must refuse. Made in memory, so no fixture files drift."""

from __future__ import annotations

from io import BytesIO

from PIL import Image

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def image(kind: str = "PNG", size: tuple[int, int] = (40, 50)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, (200, 210, 230)).save(buffer, kind)
    return buffer.getvalue()


def png() -> bytes:
    return image("PNG")


def jpeg() -> bytes:
    return image("JPEG")


def pdf() -> bytes:
    return PDF


def padded_png(total_bytes: int) -> bytes:
    """A PNG whose file is exactly `total_bytes` long (trailing bytes after IEND are
    ignored by viewers, and the portal judges type by the first bytes)."""
    data = png()
    if total_bytes < len(data):
        raise ValueError(f"a PNG needs at least {len(data)} bytes")
    return data + b"\0" * (total_bytes - len(data))


def text_named_as_image() -> tuple[str, bytes]:
    """A text file whose name says it is a photo: refused by content (R-UPLOAD)."""
    return "photo.jpg", b"this is plain text, not a picture\n"


def gif() -> bytes:
    return image("GIF")


def webp() -> bytes:
    return image("WEBP")


def html_page() -> bytes:
    """A web page: text that a PDF's name does not make a PDF."""
    return b"<!DOCTYPE html>\n<html><body><p>not a scan</p></body></html>\n"


def zip_archive() -> bytes:
    """A ZIP holding one small PDF: a container of an accepted type is not that type."""
    from zipfile import ZipFile

    buffer = BytesIO()
    with ZipFile(buffer, "w") as archive:
        archive.writestr("scan.pdf", PDF)
    return buffer.getvalue()
