"""Referral admin: a person's data rights, provider API keys, retention and chasing.

    python -m bot.referrals.cli export REF               everything held for one referral, its chat and tickets, as JSON
    python -m bot.referrals.cli erase REF                delete the person's answers, their chat and its tickets
    python -m bot.referrals.cli create-provider-key ID   a new provider API key (shown once)
    python -m bot.referrals.cli revoke-provider-key KEY_ID
    python -m bot.referrals.cli retention --days N       erase delivered referrals, finished tickets and idle
                                                         chats, all older than N days
    python -m bot.referrals.cli overdue                  referrals to chase: late first contact, stuck delivery

The databases and the key come from the same settings as the app (DATABASE_URL, APP_ENCRYPTION_KEY, VAR_DIR).
Run the retention job once a day, e.g. from cron.
"""
from __future__ import annotations

import argparse
import json
import sys

from bot.config import load_settings
from bot.privacy import PersonalData
from bot.services import build
from bot.storage.reference import parse_reference


def main(argv: list[str] | None = None, data: PersonalData | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.referrals.cli", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("export", help="print everything held for one referral").add_argument("reference")
    commands.add_parser("erase", help="delete the answers, chat and tickets of one referral").add_argument("reference")
    commands.add_parser("create-provider-key", help="make an API key for a provider").add_argument("provider_id")
    commands.add_parser("revoke-provider-key", help="stop an API key working").add_argument("key_id")
    retention = commands.add_parser("retention", help="erase what is older than N days and no longer needed")
    retention.add_argument("--days", type=int, required=True)
    commands.add_parser("overdue", help="list referrals to chase")
    args = parser.parse_args(argv)

    data = data or build(load_settings()).personal_data()
    store = data.referrals
    if args.command in ("export", "erase") and parse_reference(args.reference) is None:
        print(f"{args.reference!r} is not a reference: 8 letters and numbers, like K7PA-4QXM.", file=sys.stderr)
        return 2

    if args.command == "export":
        held = data.export(args.reference)
        if held is None:
            print(f"No referral {parse_reference(args.reference)}.", file=sys.stderr)
            return 1
        print(json.dumps(held, indent=2, ensure_ascii=False))
    elif args.command == "erase":
        reference = parse_reference(args.reference)
        if not data.erase(reference):
            print(f"No referral {reference}.", file=sys.stderr)
            return 1
        delivered = [e for e in store.audit_events(reference) if e.event == "delivered"]
        print(f"Erased the answers of {reference}, the chat it came from and that chat's tickets.")
        if delivered:
            provider = store.directory.provider(delivered[0].provider_id)
            name = provider.name if provider else delivered[0].provider_id
            contact = f" ({provider.email}, {provider.phone})" if provider else ""
            print(f"It had already reached {name}{contact}: ask them to delete their copy too.")
    elif args.command == "create-provider-key":
        try:
            key = store.create_provider_key(args.provider_id)
        except LookupError as error:
            print(error, file=sys.stderr)
            return 1
        print(key)
        print(f"This is the API key for {args.provider_id}. It is shown only now: give it to the provider "
              f"securely. Its id, to revoke it, is {key.split('.')[0]}.", file=sys.stderr)
    elif args.command == "revoke-provider-key":
        if not store.revoke_provider_key(args.key_id):
            print(f"No active key {args.key_id}.", file=sys.stderr)
            return 1
        print(f"Revoked key {args.key_id}.")
    elif args.command == "retention":
        erased = data.apply_retention(args.days)
        print(f"Older than {args.days} days, erased: the answers of {len(erased.referrals)} referral(s), "
              f"{len(erased.tickets)} ticket(s) and {erased.chats} chat(s).")
    elif args.command == "overdue":
        late, stuck = store.overdue_referrals(), store.stuck_deliveries()
        for item in late:
            state = "delivered" if item.delivered else f"NOT delivered ({item.last_error or 'waiting'})"
            print(f"LATE   {item.reference}  {item.provider_id}  due {item.contact_due_at:%Y-%m-%d}  "
                  f"status {item.status}, {state}")
        for item in stuck:
            print(f"STUCK  {item.reference}  {item.provider_id}  last error {item.last_error or 'none yet'}")
        if not late and not stuck:
            print("Nothing to chase.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
