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
# {"version":1,"message":"index events by time","schema":"public","operations":[{"op":"create_index","table":"events","columns":[{"name":"created_at","order":"desc"}]}]}
# create-migration 0.1.0 wrote this file; check trusts it while the rest matches digest 8b05dc8fefb5c13522e689bca169aeef


def upgrade() -> None:
    # Create index ix_events_created_at on public.events concurrently
    with op.get_context().autocommit_block():
        # An interrupted concurrent build leaves an INVALID index behind: drop it, to build it again
        op.execute(
            """
            DO $$
            BEGIN
                SET LOCAL lock_timeout = '2s';
                FOR attempt IN 1 .. 6 LOOP
                    BEGIN
                        IF EXISTS (
                            SELECT 1 FROM pg_catalog.pg_index
                            WHERE indexrelid = to_regclass('public.ix_events_created_at')
                              AND NOT indisvalid
                        ) THEN
                            DROP INDEX public.ix_events_created_at;
                        END IF;
                        EXIT;
                    EXCEPTION WHEN lock_not_available THEN
                        IF attempt = 6 THEN RAISE; END IF;
                        PERFORM pg_sleep(attempt);
                    END;
                END LOOP;
            END
            $$
            """
        )
        op.execute("SET lock_timeout = '0'")
        op.execute("SET statement_timeout = '0'")
        # Build it without blocking writes (outside the transaction: CONCURRENTLY needs that)
        op.execute(
            """
            CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_events_created_at
                ON public.events USING btree (created_at DESC)
            """
        )
        op.execute("RESET lock_timeout")
        op.execute("RESET statement_timeout")


def downgrade() -> None:
    # Undo: create index ix_events_created_at on public.events concurrently
    with op.get_context().autocommit_block():
        op.execute("SET lock_timeout = '0'")
        op.execute("SET statement_timeout = '0'")
        # Drop it without blocking reads or writes (outside the transaction)
        op.execute("DROP INDEX CONCURRENTLY IF EXISTS public.ix_events_created_at")
        op.execute("RESET lock_timeout")
        op.execute("RESET statement_timeout")
