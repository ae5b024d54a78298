"""Feedback on the assistant's answers, kept without personal data (bot/feedback/).

Revision ID: 0004_feedback
Revises: 0003_erasure
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa

revision = "0004_feedback"
down_revision = "0003_erasure"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("partner_id", sa.String(64), nullable=False, index=True),
        sa.Column("content_id", sa.String(200), nullable=True, index=True),
        sa.Column("rating", sa.String(16), nullable=False),
        sa.Column("comment", sa.Text, nullable=True),
        sa.Column("comment_key_hash", sa.String(64), nullable=True, unique=True),
        sa.Column("given_on", sa.Date, nullable=False, index=True),
    )


def downgrade() -> None:
    op.drop_table("feedback")
