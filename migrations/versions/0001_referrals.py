"""Referrals, consent records, the delivery outbox, audit events and provider API keys.

Revision ID: 0001_referrals
Revises:
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa

revision = "0001_referrals"
down_revision = None
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "referrals",
        sa.Column("reference", sa.String(16), primary_key=True),
        sa.Column("idempotency_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("provider_id", sa.String(64), nullable=False, index=True),
        sa.Column("programme_id", sa.String(64)),
        sa.Column("council_id", sa.String(64)),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("closed_reason", sa.String(32)),
        sa.Column("personal", sa.LargeBinary()),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.Column("contact_due_at", WHEN, nullable=False),
        sa.Column("acknowledged_at", WHEN),
        sa.Column("erased_at", WHEN),
    )
    op.create_table(
        "consent_records",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("referral_reference", sa.String(16), sa.ForeignKey("referrals.reference"),
                  nullable=False, index=True),
        sa.Column("wording_version", sa.String(32), nullable=False),
        sa.Column("wording_sha256", sa.String(64), nullable=False),
        sa.Column("wording", sa.Text, nullable=False),
        sa.Column("given_at", WHEN, nullable=False),
    )
    op.create_table(
        "delivery_outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("referral_reference", sa.String(16), sa.ForeignKey("referrals.reference"),
                  nullable=False, index=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", WHEN, nullable=False, index=True),
        sa.Column("last_error", sa.String(64)),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("delivered_at", WHEN, index=True),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", WHEN, nullable=False, index=True),
        sa.Column("event", sa.String(32), nullable=False),
        sa.Column("referral_reference", sa.String(16), index=True),
        sa.Column("provider_id", sa.String(64)),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("detail", sa.String(80)),
    )
    op.create_table(
        "provider_api_keys",
        sa.Column("key_id", sa.String(16), primary_key=True),
        sa.Column("provider_id", sa.String(64), nullable=False, index=True),
        sa.Column("salt", sa.String(32), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("revoked_at", WHEN),
    )


def downgrade() -> None:
    for table in ("provider_api_keys", "audit_events", "delivery_outbox", "consent_records", "referrals"):
        op.drop_table(table)
