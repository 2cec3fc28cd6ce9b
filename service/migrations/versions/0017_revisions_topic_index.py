"""revisions.topic index: the article list's topic choices without scanning every revision

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 15:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_revisions_topic", "revisions", ["topic"])


def downgrade() -> None:
    op.drop_index("ix_revisions_topic", table_name="revisions")
