"""Self-referrals to local providers: consented, structured, delivered, never lost.

    models.py      the tables (migrations/ creates them)
    validation.py  what a referral carries (Referral) and the checks on each answer
    store.py       ReferralStore: submit, status for the person, provider side, export and erase
    delivery.py    the outbox worker: signed webhook or email, retried until it arrives
    status.py      the person's words from data/knowledge/referral_status.yml
    cli.py         python -m bot.referrals.cli export | erase | create-provider-key | retention | overdue

Nothing here imports Rasa; the conversation calls these functions through the action server.
"""
