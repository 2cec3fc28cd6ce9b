"""section comments: reviewers' comments per section and audience, and their resolution

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 11:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "section_comments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id"), nullable=False),
        sa.Column("revision_id", sa.Integer(), sa.ForeignKey("revisions.id"), nullable=False),
        sa.Column("section_key", sa.String(200), nullable=False),
        sa.Column("audience", sa.String(20), nullable=False),
        sa.Column("author", sa.String(320), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_by", sa.String(320), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_section_comments_article_id", "section_comments", ["article_id"])


def downgrade() -> None:
    op.drop_index("ix_section_comments_article_id", table_name="section_comments")
    op.drop_table("section_comments")
