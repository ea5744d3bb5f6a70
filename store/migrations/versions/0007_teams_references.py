"""Teams conversation references (where each conversation's Bot Connector is); conversations.channel and .thread
widened to 300 characters (Teams conversation ids are longer than Slack's)

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "conversation_references",
        sa.Column("conversation_id", sa.String(length=300), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("service_url", sa.String(length=500), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("platform", "conversation_id"),
    )
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        for column in ("channel", "thread"):
            batch_op.alter_column(column, existing_type=sa.String(length=100), type_=sa.String(length=300))


def downgrade() -> None:
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        for column in ("channel", "thread"):
            batch_op.alter_column(column, existing_type=sa.String(length=300), type_=sa.String(length=100))
    op.drop_table("conversation_references")
