"""safety net catches

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "safety_net_catches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sink", sa.String(length=20), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("safety_net_catches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_safety_net_catches_at"), ["at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("safety_net_catches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_safety_net_catches_at"))
    op.drop_table("safety_net_catches")
