"""`python -m mock_portal`: serve the bundled portal (see the spec's "Running it")."""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import date, timedelta

from . import deviations, staging
from .app import make_server
from .domain import passwords
from .mail import smtp_address
from .policy import Policy

PROG = "python -m mock_portal"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--db", default=":memory:", help="SQLite file (default: one in-memory database)")
    parser.add_argument("--test-api", action="store_true", help="serve the control API under /__test__/")
    parser.add_argument("--demo", action="store_true", help="create an account and an expired card to walk the guide")
    parser.add_argument("--staging", metavar="SEED.toml",
                        help="pose as a portal that is not ours: no control API, the world read from this seed")
    parser.add_argument("--upload-limit", type=int, default=None, help="bytes per uploaded file (R-UPLOAD)")
    parser.add_argument("--fast-passwords", action="store_true",
                        help=f"cheap password hashing (scrypt N={passwords.FAST_COST}) for test runs")
    parser.add_argument("--deviate", action="append", default=[], metavar="NAME",
                        help="serve a portal that deviates from the guide in this named way (repeatable)")
    parser.add_argument("--render-in-browser", action="store_true",
                        help="move between screens in the page (history.pushState, no page loads) and leave"
                             " some form labels untied to their control, as the real platform's front end does")
    parser.add_argument("--smtp", metavar="HOST:PORT", type=smtp_option,
                        help="send the portal's mails to this SMTP server (such as MailDev) instead of its outbox")
    parser.add_argument("--list-deviations", action="store_true", help="print the named deviations and exit")
    return parser.parse_args(argv)


def smtp_option(text: str) -> tuple[str, int]:
    try:
        return smtp_address(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def policy_from(args: argparse.Namespace) -> Policy:
    policy = Policy()
    changes = {}
    if args.upload_limit:
        changes["upload_limit"] = args.upload_limit
    if args.fast_passwords:
        changes["password_cost"] = passwords.FAST_COST
    return Policy(**{**policy.__dict__, **changes})


def seed_demo(server) -> None:
    """An account and an expired card, so a person can walk STEP 1-17 by hand."""
    portal = server.portal
    today = portal.clock.today()
    portal.create_account("demo2024", "Demo2024pass", "demo@example.com", "foreigner", "DEMO USER")
    from .domain import catalog
    from .domain.cards import Card

    category = catalog.categories_of("科技")[0]
    portal.add_card(Card("A800013146", date(1992, 5, 3), today - timedelta(days=3 * 365 + 30),
                    today - timedelta(days=30), "科技", category.name, category.documents))
    print("demo: log in as 「外國人自行申請」 with 帳號 demo2024 / 密碼 Demo2024pass;\n"
          "      at STEP 10 enter 統一證號 A800013146 and 出生日期 1992/05/03 (card expired 30 days ago).")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.list_deviations:
        print(deviations.listing(), end="")
        return 0
    clash = next((flag for flag, on in (("--test-api", args.test_api), ("--demo", args.demo)) if on), None)
    if args.staging and clash:
        print(f"{PROG}: --staging cannot be combined with {clash}: a staging portal has no control API"
              " and its world is the seed's", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    try:
        seed = staging.load_seed(args.staging) if args.staging else None
        server = make_server(args.host, args.port, db=args.db, test_api=args.test_api, policy=policy_from(args),
                             deviations=args.deviate, staging=seed, render_in_browser=args.render_in_browser,
                             smtp=args.smtp)
    except (deviations.UnknownDeviation, staging.SeedError) as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"cannot listen on {args.host}:{args.port}: {error.strerror}", file=sys.stderr)
        return 2
    if args.demo:
        seed_demo(server)
    api = " (control API on /__test__/)" if args.test_api else ""
    if seed:
        api = (f" (staging: {len(seed.accounts)} accounts, {len(seed.cards)} cards from {seed.path};"
               " no control API)")
    if args.render_in_browser:
        api += "; screens rendered in the browser (pushState, labels beside their controls)"
    if args.smtp:
        api += f"; mails sent by SMTP to {args.smtp[0]}:{args.smtp[1]}"
    if args.deviate:
        api += f"; DEVIATING from the guide: {', '.join(dict.fromkeys(args.deviate))}"
    print(f"mock portal at {server.url}/coa-frontend/four-in-one/entry/main?lang=zh{api}; Ctrl-C stops it",
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopped")
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
