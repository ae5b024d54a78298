"""Handing a chat to a person: tickets, their messages and notes, specialists and their sessions. The
delivery outbox now carries call-back requests too, and audit events can name a ticket.

Revision ID: 0002_handoff
Revises: 0001_referrals
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa

revision = "0002_handoff"
down_revision = "0001_referrals"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "specialists",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("partner_id", sa.String(64), nullable=False, index=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("display_name", sa.String(80), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("disabled_at", WHEN),
    )
    op.create_table(
        "specialist_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("specialist_id", sa.Integer, sa.ForeignKey("specialists.id"), nullable=False, index=True),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("last_seen_at", WHEN, nullable=False),
        sa.Column("expires_at", WHEN, nullable=False, index=True),
    )
    op.create_table(
        "tickets",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("partner_id", sa.String(64), nullable=False, index=True),
        sa.Column("conversation_id", sa.String(64), nullable=False, index=True),
        sa.Column("open_conversation", sa.String(64), unique=True),
        sa.Column("callback_key", sa.String(64), unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(24), nullable=False, index=True),
        sa.Column("specialist_kind", sa.String(32), nullable=False),
        sa.Column("reason", sa.String(48), nullable=False),
        sa.Column("urgent", sa.Boolean, nullable=False),
        sa.Column("claimed_by", sa.Integer, sa.ForeignKey("specialists.id")),
        sa.Column("callback_at", WHEN),
        sa.Column("personal", sa.LargeBinary, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("claimed_at", WHEN),
        sa.Column("closed_at", WHEN),
        sa.Column("resumed_at", WHEN),
        sa.Column("updated_at", WHEN, nullable=False),
    )
    op.create_table(
        "ticket_messages",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("ticket_id", sa.String(16), sa.ForeignKey("tickets.id"), nullable=False, index=True),
        sa.Column("sender", sa.String(16), nullable=False),
        sa.Column("body", sa.LargeBinary, nullable=False),
        sa.Column("at", WHEN, nullable=False),
    )
    op.create_table(
        "ticket_notes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("ticket_id", sa.String(16), sa.ForeignKey("tickets.id"), nullable=False, index=True),
        sa.Column("specialist_id", sa.Integer, sa.ForeignKey("specialists.id"), nullable=False),
        sa.Column("body", sa.LargeBinary, nullable=False),
        sa.Column("at", WHEN, nullable=False),
    )
    # Batch mode: SQLite cannot alter a column in place, so Alembic copies the table there.
    with op.batch_alter_table("delivery_outbox") as outbox:
        outbox.alter_column("referral_reference", existing_type=sa.String(16), nullable=True)
        outbox.add_column(sa.Column("ticket_id", sa.String(16), nullable=True))
        outbox.create_foreign_key("fk_delivery_outbox_ticket_id_tickets", "tickets", ["ticket_id"], ["id"])
        outbox.create_index("ix_delivery_outbox_ticket_id", ["ticket_id"])
    with op.batch_alter_table("audit_events") as audit:
        audit.add_column(sa.Column("ticket_id", sa.String(16), nullable=True))
        audit.create_index("ix_audit_events_ticket_id", ["ticket_id"])


def downgrade() -> None:
    with op.batch_alter_table("audit_events") as audit:
        audit.drop_index("ix_audit_events_ticket_id")
        audit.drop_column("ticket_id")
    op.execute("DELETE FROM delivery_outbox WHERE referral_reference IS NULL")  # call-backs have nowhere to go
    with op.batch_alter_table("delivery_outbox") as outbox:
        outbox.drop_index("ix_delivery_outbox_ticket_id")
        outbox.drop_constraint("fk_delivery_outbox_ticket_id_tickets", type_="foreignkey")
        outbox.drop_column("ticket_id")
        outbox.alter_column("referral_reference", existing_type=sa.String(16), nullable=False)
    for table in ("ticket_notes", "ticket_messages", "tickets", "specialist_sessions", "specialists"):
        op.drop_table(table)
