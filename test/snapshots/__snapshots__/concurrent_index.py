"""index events by time

Revision ID: 003_index_events_by_time
Revises: 002_create_assets
Create Date: 2025-11-22 12:00:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "003_index_events_by_time"
down_revision = "002_create_assets"
branch_labels = None
depends_on = None

# create-migration spec, read back to know the schema (keep it when you edit this file):
# {"version":1,"message":"index events by time","schema":"public","operations":[{"op":"create_index","table":"events","columns":[{"name":"created_at","order":"desc"}],"concurrently":true}]}
# create-migration 0.1.0 wrote this file; check trusts it while the rest matches digest 20053ce83a878937e08a8d5915830fec


def upgrade() -> None:
    # Create index ix_events_created_at on public.events concurrently
    with op.get_context().autocommit_block():
        op.execute(
            """
            DO $$
            BEGIN
                IF EXISTS (
                    SELECT 1 FROM pg_catalog.pg_index
                    WHERE indexrelid = to_regclass('public.ix_events_created_at')
                      AND NOT indisvalid
                ) THEN
                    DROP INDEX public.ix_events_created_at;
                END IF;
            END
            $$
            """
        )
        op.execute(
            """
            CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_events_created_at
                ON public.events USING btree (created_at DESC)
            """
        )


def downgrade() -> None:
    # Undo: create index ix_events_created_at on public.events concurrently
    with op.get_context().autocommit_block():
        op.execute("DROP INDEX CONCURRENTLY IF EXISTS public.ix_events_created_at")
