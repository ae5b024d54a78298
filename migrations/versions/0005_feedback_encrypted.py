"""Feedback comments encrypted at rest, like referrals: each comment kept before in clear is sealed with the
app key (bot/feedback/models.py seal_comment). The column stays text, so the schema does not change.

The key is the one bot.storage.db.upgrade() is given, or else the one the settings name; it is read only when
there are comments to seal, so a new database needs none.

Revision ID: 0005_feedback_encrypted
Revises: 0004_co_design
Create Date: 2026-12-07
"""
from alembic import context, op
import sqlalchemy as sa

from bot.config import load_settings
from bot.feedback.models import open_comment, seal_comment
from bot.storage.crypto import load_cipher

revision = "0005_feedback_encrypted"
down_revision = "0004_co_design"
branch_labels = None
depends_on = None

feedback = sa.table("feedback", sa.column("id", sa.Integer), sa.column("comment", sa.Text))


def _change_every_comment(change) -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(feedback.c.id, feedback.c.comment)
                              .where(feedback.c.comment.is_not(None))).all()
    if not rows:
        return
    cipher = context.config.attributes.get("cipher") or load_cipher(load_settings().var_dir)
    for row_id, comment in rows:
        connection.execute(feedback.update().where(feedback.c.id == row_id).values(comment=change(cipher, comment)))


def upgrade() -> None:
    _change_every_comment(seal_comment)


def downgrade() -> None:
    _change_every_comment(open_comment)
