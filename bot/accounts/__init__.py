"""Accounts for the server-made pages at /inbox: the partners' specialists, co-design panel members and
maintainers (models.ROLES), their passwords and their signed-in sessions. Shared: the handoff feature names
who claimed a ticket, and the gateway's pages sign people in (bot/web/pages.py).

    accounts = AccountStore(engine)                  # or services.accounts (bot/services.py)
    accounts.add_specialist("demo", "sam", password, "Sam Okafor")
    token, csrf = accounts.sign_in("sam", password)

Import the store from bot.accounts.store: it needs the database.
"""
