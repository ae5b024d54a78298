"""Co-design: feedback on the assistant's answers (kept without personal data), the panel's suggestions,
and accounts for panel members, who may review content but never see a chat.

Revision ID: 0004_co_design
Revises: 0003_erasure
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa

revision = "0004_co_design"
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
    op.create_table(
        "suggestions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("partner_id", sa.String(64), nullable=False, index=True),
        sa.Column("content_id", sa.String(200), nullable=False, index=True),
        sa.Column("author", sa.String(80), nullable=False),
        sa.Column("comment", sa.Text, nullable=True),
        sa.Column("wording", sa.Text, nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "content_shown",
        sa.Column("partner_id", sa.String(64), primary_key=True),
        sa.Column("content_id", sa.String(200), primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
    )
    with op.batch_alter_table("specialists") as specialists:
        specialists.add_column(sa.Column("role", sa.String(16), nullable=False, server_default="specialist"))


def downgrade() -> None:
    op.drop_column("specialists", "role")  # not in batch mode: SQLite would copy a table others point to
    op.drop_table("content_shown")
    op.drop_table("suggestions")
    op.drop_table("feedback")
