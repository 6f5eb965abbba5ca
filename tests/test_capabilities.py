"""harness.capabilities without a browser: which needs each kind of target offers
(../shared/spec/targets.md, the table under "What a scenario needs"), in what order the
missing ones are reported, and what a skip reason says."""

from __future__ import annotations

from datetime import date

import pytest

from harness.capabilities import NEEDS, lacks, missing, skip_reason
from harness.target import CARD_CLASSES, Allow, Captcha, Card, Mail, Target, bundled_target, url_target

ALL_TAGS = list(NEEDS)


def card(card_class: str) -> Card:
    return Card(card_class=card_class, ui_number="A800013146", birth_date=date(1992, 5, 3), field="科技")


def profile_target(*, mail: str = "none", drafts: bool = False, destructive: bool = False,
                   captcha: str = "fixed", cards: tuple[str, ...] = (), name: str = "staging") -> Target:
    return Target(name=name, base_url="https://portal-staging.example", captcha=Captcha(captcha, "8K3QZ2"),
                  cards=tuple(card(c) for c in cards), mail=Mail(mail, url="http://127.0.0.1:1080"),
                  allow=Allow(drafts=drafts, destructive=destructive), source="staging.toml")


EVERYTHING = dict(mail="maildev", drafts=True, destructive=True, captcha="command", cards=CARD_CLASSES)


def test_every_need_is_a_tag_the_spec_lists():
    assert set(NEEDS) == {"needs-clock", "needs-mail", "needs-fresh-account", "needs-fresh-card", "needs-drafts",
                          "destructive", "needs-changing-captcha"} | {f"needs-card-{c}" for c in CARD_CLASSES}


@pytest.mark.parametrize("tag", ALL_TAGS)
def test_the_bundled_portal_offers_every_need(tag):
    assert lacks(bundled_target(), tag) is None


def test_the_bundled_portal_misses_nothing():
    assert missing(bundled_target(), ALL_TAGS) == []


@pytest.mark.parametrize("tag", ["needs-clock", "needs-fresh-card"])
@pytest.mark.parametrize("options", [{}, EVERYTHING], ids=["bare profile", "profile offering all it can"])
def test_a_profile_target_never_offers_what_only_the_control_api_can(tag, options):
    why = lacks(profile_target(**options), tag)
    assert why and "control API" in why


@pytest.mark.parametrize(
    ("options", "tag", "offered"),
    [
        ({"mail": "none"}, "needs-mail", False),
        ({}, "needs-fresh-account", False),                  # registering one (STEP 3) needs both:
        ({"destructive": True}, "needs-fresh-account", False),        # to register, and
        ({"mail": "maildev"}, "needs-fresh-account", False),          # to read its confirmation
        ({"destructive": True, "mail": "imap"}, "needs-fresh-account", True),
        ({"mail": "maildev"}, "needs-mail", True),
        ({"mail": "imap"}, "needs-mail", True),
        ({}, "needs-drafts", False),
        ({"drafts": True}, "needs-drafts", True),
        ({"destructive": True}, "needs-drafts", False),     # allowing one does not allow the other
        ({}, "destructive", False),
        ({"destructive": True}, "destructive", True),
        ({"drafts": True}, "destructive", False),
        ({"captcha": "fixed"}, "needs-changing-captcha", False),
        ({"captcha": "manual"}, "needs-changing-captcha", True),
        ({"captcha": "command"}, "needs-changing-captcha", True),
        ({"cards": ()}, "needs-card-expired", False),
        ({"cards": ("expired",)}, "needs-card-expired", True),
        ({"cards": ("expired",)}, "needs-card-valid-in-window", False),
        ({"cards": ("expired",)}, "needs-card-valid-early", False),
        ({"cards": ("expired",)}, "needs-card-unknown", False),
        ({"cards": ("valid-in-window", "unknown")}, "needs-card-valid-in-window", True),
        ({"cards": ("valid-in-window", "unknown")}, "needs-card-unknown", True),
        ({"cards": ("valid-in-window", "unknown")}, "needs-card-expired", False),
        ({"cards": ("valid-early",)}, "needs-card-valid-early", True),
    ],
)
def test_what_a_profile_target_offers_follows_its_profile(options, tag, offered):
    assert (lacks(profile_target(**options), tag) is None) is offered


@pytest.mark.parametrize(
    ("options", "tag", "why"),
    [
        ({}, "needs-mail", "mail.strategy is none"),
        ({}, "needs-drafts", "allow.drafts is false"),
        ({}, "destructive", "allow.destructive is false"),
        ({}, "needs-changing-captcha", "captcha.strategy is fixed"),
        ({"cards": ("expired",)}, "needs-card-valid-early", "valid-early"),
    ],
)
def test_the_why_names_what_in_the_profile_is_missing(options, tag, why):
    assert why in lacks(profile_target(**options), tag)


def test_a_bare_base_url_offers_only_a_changing_captcha():
    target = url_target("https://portal.example")
    assert [tag for tag in ALL_TAGS if lacks(target, tag) is None] == ["needs-changing-captcha"]


@pytest.mark.parametrize("tag", [
    "needs-clok", "needs-control", "step-8",
    "needs-card-revoked",
])
def test_an_unknown_need_raises_on_a_profile_target(tag):
    with pytest.raises(ValueError, match=f"@{tag}"):
        lacks(profile_target(), tag)


def test_an_unknown_need_raises_on_the_bundled_portal_too():
    with pytest.raises(ValueError):
        lacks(bundled_target(), "needs-clok")


def test_missing_lists_the_lacking_needs_in_needs_order_and_ignores_other_tags():
    tags = ["r-draft-30", "needs-card-unknown", "destructive", "step-8", "needs-mail", "needs-clock", "journey",
            "needs-drafts"]
    target = profile_target(drafts=True, cards=("unknown",))
    assert missing(target, reversed(tags)) == [
        ("needs-clock", lacks(target, "needs-clock")),
        ("needs-mail", "mail.strategy is none"),
        ("destructive", "allow.destructive is false"),
    ]


def test_missing_counts_a_repeated_tag_once():
    assert [tag for tag, _ in missing(profile_target(), ["needs-mail", "needs-mail"])] == ["needs-mail"]


def test_missing_on_a_target_that_offers_all_the_tags_is_empty():
    assert missing(profile_target(**EVERYTHING), ["needs-mail", "needs-drafts", "destructive"] +
                   [f"needs-card-{c}" for c in CARD_CLASSES]) == []


def test_a_skip_reason_names_the_need_the_why_the_checks_and_the_target():
    target = profile_target(name="qa-staging")
    lacking = missing(target, ["needs-clock", "needs-mail"])
    reason = skip_reason(target, lacking, ["STEP 8", "R-DRAFT-30"])
    assert reason.startswith("needs ")
    for tag, why in lacking:
        assert NEEDS[tag].what in reason
        assert why in reason
    assert "STEP 8, R-DRAFT-30" in reason
    assert reason.endswith("not checkable on qa-staging")
    assert "\n" not in reason


def test_a_skip_reason_without_guide_tags_says_this_scenario():
    target = profile_target()
    reason = skip_reason(target, missing(target, ["destructive"]), [])
    assert "this scenario not checkable on staging" in reason
    assert "allow.destructive is false" in reason
