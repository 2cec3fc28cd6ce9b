"""named reviewers and review-due dates: a public name and credentials for staff accounts
credited on reader pages, and the date each article is next due for review

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 11:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reviewer_profiles",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("credentials", sa.String(200), nullable=False, server_default=""),
    )
    op.create_table(
        "review_due",
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id"), primary_key=True),
        sa.Column("due", sa.Date(), nullable=False),
    )
    op.create_index("ix_review_due_due", "review_due", ["due"])


def downgrade() -> None:
    op.drop_index("ix_review_due_due", table_name="review_due")
    op.drop_table("review_due")
    op.drop_table("reviewer_profiles")
