"""readers asked: writers' answers to readers' questions, and the answers a revision publishes

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 11:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "question_answers",
        sa.Column("question_id", sa.Integer(), sa.ForeignKey("questions.id"), primary_key=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("layperson", sa.Text(), nullable=False),
        sa.Column("clinician", sa.Text(), nullable=True),
        sa.Column("author", sa.String(320), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_in_revision", sa.Integer(), nullable=True),
        sa.Column("added_as", sa.Text(), nullable=True),
    )
    op.create_table(
        "revision_asked",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("revision_id", sa.Integer(), sa.ForeignKey("revisions.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("layperson", sa.Text(), nullable=False),
        sa.Column("clinician", sa.Text(), nullable=True),
        sa.UniqueConstraint("revision_id", "position"),
    )
    op.create_index("ix_revision_asked_revision_id", "revision_asked", ["revision_id"])


def downgrade() -> None:
    op.drop_index("ix_revision_asked_revision_id", table_name="revision_asked")
    op.drop_table("revision_asked")
    op.drop_table("question_answers")
