"""What a scenario needs from a target, written as a tag on the scenario, and whether a
target offers it (../shared/spec/targets.md, "What a scenario needs"). The suite decides
at collection: a scenario the target cannot serve, or that `allow` does not permit, is
skipped before it starts, never half-run."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from .target import CARD_CLASSES, Target


class Need(NamedTuple):
    tag: str
    what: str          # what the scenario needs, as the skip reason says it


NEEDS: dict[str, Need] = {need.tag: need for need in (
    Need("needs-clock", "the portal's clock (moving time)"),
    Need("needs-mail", "reading the portal's mail"),
    Need("needs-fresh-account", "an account made for this scenario"),
    Need("needs-fresh-card", "a card made for this scenario (exact dates or changed rules)"),
    Need("needs-drafts", "saving drafts"),
    Need("destructive", "what cannot be undone (lock, register, change a password, 「送出」)"),
    Need("needs-changing-captcha", "a captcha that changes when asked"),
    *(Need(f"needs-card-{c}", f"a card of class {c} ([[cards]] class = \"{c}\")") for c in CARD_CLASSES),
)}


def lacks(target: Target, tag: str) -> str | None:
    """Why `target` cannot serve the need `tag`, or None when it can."""
    if tag not in NEEDS:
        raise ValueError(f"unknown need @{tag}; known: {', '.join('@' + t for t in NEEDS)}")
    if target.bundled:
        return None
    if tag in ("needs-clock", "needs-fresh-card"):
        return "only the bundled portal's control API offers it"
    if tag == "needs-fresh-account":     # registered through STEP 3, confirmed by its mail
        if not target.allow.destructive or target.mail.strategy == "none":
            return "registering one needs allow.destructive and a [mail] strategy"
        return None
    if tag == "needs-mail":
        return None if target.mail.strategy != "none" else "mail.strategy is none"
    if tag == "needs-drafts":
        return None if target.allow.drafts else "allow.drafts is false"
    if tag == "destructive":
        return None if target.allow.destructive else "allow.destructive is false"
    if tag == "needs-changing-captcha":
        return None if target.captcha.strategy != "fixed" else "captcha.strategy is fixed"
    card_class = tag.removeprefix("needs-card-")
    return None if target.cards_of(card_class) else f"no [[cards]] of class {card_class}"


def missing(target: Target, tags: Iterable[str]) -> list[tuple[str, str]]:
    """(tag, why) for every need among `tags` that `target` does not offer, in NEEDS order."""
    tags = set(tags)
    return [(tag, why) for tag in NEEDS if tag in tags and (why := lacks(target, tag))]


def skip_reason(target: Target, lacking: list[tuple[str, str]], checks: Iterable[str]) -> str:
    """"needs the portal's clock (moving time): R-DRAFT-30 not checkable on staging (only …)"."""
    needs = "; ".join(f"{NEEDS[tag].what} [{why}]" for tag, why in lacking)
    checked = ", ".join(checks)
    return f"needs {needs}: {checked or 'this scenario'} not checkable on {target.name}"
