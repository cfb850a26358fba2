"""Join the intake ledger (0004) and the quota counters (0005), built side by side on 0003, so
the schema has one head again. No change of its own.

Revision ID: 0006
Revises: 0004, 0005
"""

from __future__ import annotations

revision = "0006"
down_revision = ("0004", "0005")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change: this revision only joins the two branches."""


def downgrade() -> None:
    """Nothing to undo."""
