"""Erasure across stores: a referral remembers the chat it came from, so erasing the referral can erase that
chat and its tickets too; a ticket records when its personal data was erased.

Revision ID: 0003_erasure
Revises: 0002_handoff
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa

revision = "0003_erasure"
down_revision = "0002_handoff"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("referrals") as referrals:
        referrals.add_column(sa.Column("conversation_id", sa.String(64), nullable=True))
        referrals.create_index("ix_referrals_conversation_id", ["conversation_id"])
    with op.batch_alter_table("tickets") as tickets:
        tickets.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("tickets", "erased_at")  # not in batch mode: SQLite would copy the table its messages point to
    with op.batch_alter_table("referrals") as referrals:
        referrals.drop_index("ix_referrals_conversation_id")
        referrals.drop_column("conversation_id")
