"""indexes for reader pages at scale: articles by slug, review events by revision

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 14:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_articles_slug", "articles", ["slug"])
    op.create_index("ix_review_events_revision_id", "review_events", ["revision_id"])


def downgrade() -> None:
    op.drop_index("ix_review_events_revision_id", table_name="review_events")
    op.drop_index("ix_articles_slug", table_name="articles")
