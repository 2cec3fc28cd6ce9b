"""accepted terms per revision (``accept.txt``), and readability findings writers ignored

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-05 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("revisions") as batch:
        batch.add_column(sa.Column("accepted_terms", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "ignored_findings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id"), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("section_key", sa.String(200), nullable=False),
        sa.Column("audience", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(320), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("article_id", "key"),
    )
    op.create_index("ix_ignored_findings_article_id", "ignored_findings", ["article_id"])


def downgrade() -> None:
    op.drop_index("ix_ignored_findings_article_id", table_name="ignored_findings")
    op.drop_table("ignored_findings")
    with op.batch_alter_table("revisions") as batch:
        batch.drop_column("accepted_terms")
