"""figures: image bytes stored once by SHA-256, and each revision's figures with credits

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "figure_files",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("media_type", sa.String(length=40), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("digest"),
    )
    op.create_table(
        "revision_figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("credit", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["digest"], ["figure_files.digest"]),
        sa.ForeignKeyConstraint(["revision_id"], ["revisions.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("revision_id", "name"),
    )
    with op.batch_alter_table("revision_figures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_revision_figures_revision_id"), ["revision_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_revision_figures_digest"), ["digest"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("revision_figures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_revision_figures_digest"))
        batch_op.drop_index(batch_op.f("ix_revision_figures_revision_id"))
    op.drop_table("revision_figures")
    op.drop_table("figure_files")
