"""Call-back requests limited per phone number: each call-back ticket keeps its number as a keyed hash
(bot/handoff/models.py phone_hash), so the requests for one number can be counted without the number
being readable. Call-backs still waiting for their call are given theirs, so they count from the start.

The key is the one bot.storage.db.upgrade() is given, or else the one the settings name; it is read only when
there are call-backs waiting, so a new database needs none.

Revision ID: 0006_callback_phone_hash
Revises: 0005_feedback_encrypted
Create Date: 2026-12-14
"""
from alembic import context, op
import sqlalchemy as sa

from bot.config import load_settings
from bot.handoff.models import phone_hash
from bot.storage.crypto import load_cipher

revision = "0006_callback_phone_hash"
down_revision = "0005_feedback_encrypted"
branch_labels = None
depends_on = None

tickets = sa.table("tickets", sa.column("id", sa.String), sa.column("kind", sa.String),
                   sa.column("status", sa.String), sa.column("personal", sa.LargeBinary),
                   sa.column("phone_hash", sa.String))


def upgrade() -> None:
    with op.batch_alter_table("tickets") as table:
        table.add_column(sa.Column("phone_hash", sa.String(64), nullable=True))
        table.create_index("ix_tickets_phone_hash", ["phone_hash"])
    connection = op.get_bind()
    rows = connection.execute(sa.select(tickets.c.id, tickets.c.personal).where(
        tickets.c.kind == "callback", tickets.c.status == "callback_requested")).all()
    if not rows:
        return
    cipher = context.config.attributes.get("cipher") or load_cipher(load_settings().var_dir)
    for ticket_id, personal in rows:
        phone = cipher.decrypt(personal)["contact"].get("phone")
        if phone:
            connection.execute(tickets.update().where(tickets.c.id == ticket_id)
                               .values(phone_hash=phone_hash(cipher, phone)))


def downgrade() -> None:
    # Not in batch mode: SQLite would copy the table its messages point to. The index goes first, as SQLite
    # drops no column an index uses.
    op.drop_index("ix_tickets_phone_hash", table_name="tickets")
    op.drop_column("tickets", "phone_hash")
