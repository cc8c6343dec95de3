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
# create-migration 0.1.0 wrote this file; check trusts it while the rest matches digest 10940e87d44dffbf44ffc6aa50fc3cab


def upgrade() -> None:
    # Give up quickly rather than queue behind other sessions' locks
    op.execute("SET LOCAL lock_timeout = '2s'")

    # Helper functions for the shape checks: in pg_temp, seen by this session only
    _create_shape_helpers()

    # Create index ix_events_created_at on public.events concurrently
    # An index of this name must have this definition
    op.execute(
        """
        SELECT pg_temp.cm_expect_index(
            'public.events',
            'public.ix_events_created_at',
            false,
            'USING btree (created_at DESC)'
        )
        """
    )
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

    # Drop the shape checks' helper functions
    _drop_shape_helpers()


def downgrade() -> None:
    # Give up quickly rather than queue behind other sessions' locks
    op.execute("SET LOCAL lock_timeout = '2s'")

    # Helper functions for the shape checks: in pg_temp, seen by this session only
    _create_shape_helpers()

    # Undo: create index ix_events_created_at on public.events concurrently
    # An index of this name must have this definition
    op.execute(
        """
        SELECT pg_temp.cm_expect_index(
            'public.events',
            'public.ix_events_created_at',
            false,
            'USING btree (created_at DESC)'
        )
        """
    )
    with op.get_context().autocommit_block():
        op.execute("SET lock_timeout = '0'")
        op.execute("SET statement_timeout = '0'")
        # Drop it without blocking reads or writes (outside the transaction)
        op.execute("DROP INDEX CONCURRENTLY IF EXISTS public.ix_events_created_at")
        op.execute("RESET lock_timeout")
        op.execute("RESET statement_timeout")

    # Drop the shape checks' helper functions
    _drop_shape_helpers()


def _create_shape_helpers() -> None:
    """The SQL functions the shape checks call, in pg_temp: this session's own, gone with it."""
    op.execute(
        """
        -- An index's definition from USING on: the same for the same index under any name, on any table
        CREATE OR REPLACE FUNCTION pg_temp.cm_index_definition(idx regclass)
        RETURNS text LANGUAGE sql AS $fn$
        SELECT regexp_replace(pg_get_indexdef(idx),
            '^CREATE (UNIQUE )?INDEX ("[^"]*")*[^ ]* ON (ONLY )?("[^"]*")*[^ ."]*\\.("[^"]*")*[^ ."]* ', '')
        $fn$
        """
    )
    op.execute(
        """
        -- Index idx of table target against its definition (from USING on): 'missing', 'valid', 'invalid' (an interrupted build), or stop
        CREATE OR REPLACE FUNCTION pg_temp.cm_expect_index(target text, idx text, is_unique boolean, definition text)
        RETURNS text LANGUAGE plpgsql AS $fn$
        DECLARE
            existing record;
            intended text;
        BEGIN
            IF to_regclass(idx) IS NULL THEN
                RETURN 'missing';
            END IF;
            SELECT c.relkind, i.indrelid, i.indisvalid, i.indisunique, pg_get_indexdef(c.oid) AS definition INTO existing
            FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid
            WHERE c.oid = to_regclass(idx);
            IF existing.relkind NOT IN ('i', 'I') THEN
                RAISE EXCEPTION '% exists and is not an index: rename or drop it, then run the migration again', idx;
            END IF;
            IF existing.indrelid IS DISTINCT FROM to_regclass(target) THEN
                RAISE EXCEPTION 'index % exists on %, expected on %: drop or rename it, then run the migration again', idx, existing.indrelid::regclass, target;
            END IF;
            EXECUTE format('CREATE TEMP TABLE cm_scratch (LIKE %s)', to_regclass(target));
            EXECUTE format('CREATE %sINDEX cm_intended ON pg_temp.cm_scratch %s', CASE WHEN is_unique THEN 'UNIQUE ' ELSE '' END, definition);
            intended := pg_temp.cm_index_definition('pg_temp.cm_intended');
            DROP TABLE pg_temp.cm_scratch;
            IF existing.indisunique <> is_unique OR pg_temp.cm_index_definition(to_regclass(idx)) <> intended THEN
                RAISE EXCEPTION 'index % exists as %, expected CREATE %INDEX % ON % %: drop or rename it, then run the migration again',
                    idx, existing.definition, CASE WHEN is_unique THEN 'UNIQUE ' ELSE '' END,
                    (SELECT quote_ident(relname) FROM pg_catalog.pg_class WHERE oid = to_regclass(idx)), target, intended;
            END IF;
            RETURN CASE WHEN existing.indisvalid THEN 'valid' ELSE 'invalid' END;
        END
        $fn$
        """
    )


def _drop_shape_helpers() -> None:
    """Drops the shape checks' SQL functions, so none outlives the migration."""
    op.execute(
        """
        DROP FUNCTION IF EXISTS
            pg_temp.cm_expect_index(text, text, boolean, text),
            pg_temp.cm_index_definition(regclass)
        """
    )
