"""variant_scores: each checked revision's figures per variant; the report cache compressed

Revision ID: 0016
Revises: 0014
Create Date: 2026-12-05 14:40:00

The check used to keep a whole report (about 12 KB of JSON) per variant in
readability_scores: 170 MB for a library of 1,000 articles. The library check now
keeps the few figures its table, QA pages and charts show, per variant of a checked
revision (variant_scores, valid while revision_verdicts names the current engine and
policy); whole reports are cached only for the pages that show findings, compressed.
readability_scores is only a cache: it is emptied, and texts are scored again.

Three indexes are dropped: each repeated the first column of a unique index on the same
table, which answers the same lookups (variants and references by revision, revisions
by article).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0014"
branch_labels = None
depends_on = None


# (table, index, column): an index the table's unique (column, ...) index makes redundant.
REDUNDANT = (
    ("variants", "ix_variants_revision_id", "revision_id"),
    ("revisions", "ix_revisions_article_id", "article_id"),
    ("article_references", "ix_article_references_revision_id", "revision_id"),
)


def upgrade() -> None:
    for table, index, _column in REDUNDANT:
        op.drop_index(index, table_name=table)
    op.create_table(
        "variant_scores",
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("section_key", sa.String(length=200), nullable=False),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("grade", sa.Float(), nullable=False),
        sa.Column("verdict", sa.String(length=4), nullable=False),
        sa.Column("words", sa.Integer(), nullable=False),
        sa.Column("sentences", sa.Integer(), nullable=False),
        sa.Column("findings", sa.Integer(), nullable=False),
        sa.Column("metrics", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["revision_id"], ["revisions.id"]),
        sa.PrimaryKeyConstraint("revision_id", "section_key", "audience"),
        sqlite_with_rowid=False,
    )
    op.drop_table("readability_scores")
    op.create_table(
        "readability_scores",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("readability_scores")
    op.create_table(
        "readability_scores",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.drop_table("variant_scores")
    for table, index, column in REDUNDANT:
        op.create_index(index, table, [column])
