"""question client and spam: a keyed hash of the sender's address (the per-client limit),
and when staff marked a question spam

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 07:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("questions") as batch:
        batch.add_column(sa.Column("client", sa.String(64), nullable=True))
        batch.add_column(sa.Column("spam_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_index("ix_questions_client_created_at", ["client", "created_at"])


def downgrade() -> None:
    with op.batch_alter_table("questions") as batch:
        batch.drop_index("ix_questions_client_created_at")
        batch.drop_column("spam_at")
        batch.drop_column("client")
