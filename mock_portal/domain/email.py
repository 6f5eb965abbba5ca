"""Email addresses: the shape every form checks, and R-EMAIL-CN."""

from __future__ import annotations

import re

from . import catalog

_EMAIL = re.compile(r"^[^@\s]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,}$")


def is_email(address: str) -> bool:
    return bool(_EMAIL.match(address.strip()))


def is_mainland_china_email(address: str) -> bool:
    """R-EMAIL-CN: the portal's mail to mainland-China providers may not arrive, so the
    application form refuses them (STEP 13, the note under 電子郵件)."""
    domain = address.rsplit("@", 1)[-1].strip().lower()
    return any(domain == d or domain.endswith("." + d) for d in catalog.MAINLAND_CHINA_EMAIL_DOMAINS)
