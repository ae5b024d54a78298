"""Accounts for the inbox (/inbox on the gateway): specialists, co-design panel members and maintainers
(bot/accounts).

    python -m bot.handoff.cli add-specialist --partner demo --username sam --display-name "Sam Okafor"
    python -m bot.handoff.cli add-specialist --role panel --partner demo --username ali --display-name "Ali"
    python -m bot.handoff.cli add-specialist --role maintainer --partner demo --username kit --display-name "Kit"
    python -m bot.handoff.cli disable-specialist --username sam

A panel member signs in the same way but only reaches the content review (/inbox/review) and the insight,
never a chat. A maintainer reaches the same, and is the only one who may upload the decisions on the panel's
suggestions.

add-specialist reads the password from SPECIALIST_PASSWORD, or asks for it twice without showing it. It must
have at least 12 characters. With no terminal to ask at (a script, cron, CI) and no SPECIALIST_PASSWORD, it
says so in one line and exits with 1. A disabled account cannot sign in, and its open sessions end at once.

The database and the key come from the same settings as the app (DATABASE_URL, APP_ENCRYPTION_KEY, VAR_DIR).
"""
from __future__ import annotations

import argparse
import getpass
import sys

from bot.accounts.models import ROLES
from bot.accounts.store import MIN_PASSWORD_CHARS, AccountStore
from bot.config import load_settings, specialist_password
from bot.knowledge.partners import Partner, load_partners
from bot.services import build


def _password() -> str | None:
    given = specialist_password()
    if given:
        return given
    # Without a terminal getpass would warn, then read the password in plain sight or fail with EOFError.
    if not sys.stdin.isatty():
        print("There is no terminal to type the password in. Set SPECIALIST_PASSWORD and run it again. "
              "Nothing was changed.", file=sys.stderr)
        return None
    try:
        first = getpass.getpass(f"Password for the new account (at least {MIN_PASSWORD_CHARS} characters): ")
        again = getpass.getpass("The same password again: ")
    except (EOFError, KeyboardInterrupt):  # Ctrl-D or Ctrl-C at the prompt
        print("\nNo password was typed. Nothing was changed.", file=sys.stderr)
        return None
    if again != first:
        print("The two passwords are not the same. Nothing was changed.", file=sys.stderr)
        return None
    return first


def main(argv: list[str] | None = None, store: AccountStore | None = None,
         partners: dict[str, Partner] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.handoff.cli", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add-specialist", help="make an inbox account for someone at a partner")
    add.add_argument("--partner", required=True, help="the partner's id in partners.yml")
    add.add_argument("--username", required=True)
    add.add_argument("--display-name", required=True, help="the name the team sees")
    add.add_argument("--role", choices=ROLES, default="specialist",
                     help="specialist (answers chats), panel (a co-design panel member: reviews content only) "
                          "or maintainer (reviews content and decides on the panel's suggestions)")
    disable = commands.add_parser("disable-specialist", help="stop an account working")
    disable.add_argument("--username", required=True)
    args = parser.parse_args(argv)

    if args.command == "add-specialist":
        partners = load_partners() if partners is None else partners
        if args.partner not in partners:
            print(f"There is no partner {args.partner!r} in partners.yml. Known: {', '.join(sorted(partners))}.",
                  file=sys.stderr)
            return 1
        password = _password()
        if password is None:
            return 1
        store = store or build(load_settings()).accounts
        try:
            specialist = store.add_specialist(args.partner, args.username, password, args.display_name,
                                              role=args.role)
        except ValueError as error:
            print(f"Not added: {error}.", file=sys.stderr)
            return 1
        where = "the inbox" if args.role == "specialist" else "the content review at /inbox/review"
        print(f"Added {specialist.display_name} ({specialist.username}) to {partners[args.partner].name}. "
              f"They sign in at /inbox/sign-in on the gateway, for {where}.")
    elif args.command == "disable-specialist":
        store = store or build(load_settings()).accounts
        if not store.disable_specialist(args.username):
            print(f"No active account {args.username!r}.", file=sys.stderr)
            return 1
        print(f"Disabled {args.username}. Their sessions have ended.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
