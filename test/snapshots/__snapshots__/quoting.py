"""quote "user" and it's :name

Revision ID: 003_quote_user_and_it_s_name
Revises: 002_create_assets
Create Date: 2025-11-22 12:00:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "003_quote_user_and_it_s_name"
down_revision = "002_create_assets"
branch_labels = None
depends_on = None

# create-migration spec, read back to know the schema (keep it when you edit this file):
# {"version":1,"message":"quote \"user\" and it's :name","schema":"Order","operations":[{"op":"create_enum","name":"user","values":["it's",":name","$$","back\\slash"]},{"op":"create_table","table":"select","columns":[{"name":"from","type":"user","nullable":false,"server_default":"':name'"}]}]}
# create-migration 0.1.0 wrote this file; check trusts it while the rest matches digest 33eab14c33dc0d1a812d219ef698a2b8


def upgrade() -> None:
    # Give up quickly rather than queue behind other sessions' locks
    op.execute("SET LOCAL lock_timeout = '2s'")

    # Create schema "Order" when it is missing (the downgrade leaves it in place)
    op.execute(
        """
        DO $$
        BEGIN
            IF NOT EXISTS (
                SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = 'Order'
            ) THEN
                CREATE SCHEMA IF NOT EXISTS "Order";
            END IF;
        END
        $$
        """
    )

    # Helper functions for the shape checks: in pg_temp, seen by this session only
    _create_shape_helpers()

    # Create enum "Order"."user"
    # An enum of this name must have these labels, or some of them in this order
    # \\: below is SQLAlchemy's escape for a literal ":", not a bind parameter
    op.execute(
        """
        SELECT pg_temp.cm_expect_enum('"Order"."user"', ARRAY['it''s', '\\:name', '$$', 'back\\slash'])
        """
    )
    # \\: below is SQLAlchemy's escape for a literal ":", not a bind parameter
    op.execute(
        """
        DO $cm$
        BEGIN
            IF NOT EXISTS (
                SELECT 1
                FROM pg_catalog.pg_type t
                JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
                WHERE n.nspname = 'Order' AND t.typname = 'user'
            ) THEN
                CREATE TYPE "Order"."user" AS ENUM ('it''s', '\\:name', '$$', 'back\\slash');
            END IF;
        END
        $cm$
        """
    )
    with op.get_context().autocommit_block():
        op.execute("SET lock_timeout = '2s'")
        # An enum of this name found without some of its labels gets them, each in its place
        # \\: below is SQLAlchemy's escape for a literal ":", not a bind parameter
        op.execute(
            """
            DO $cm$
            BEGIN
                IF pg_temp.cm_expect_enum('"Order"."user"', ARRAY['it''s', '\\:name', '$$', 'back\\slash']) = 'incomplete' THEN
                    ALTER TYPE "Order"."user" ADD VALUE IF NOT EXISTS 'back\\slash';
                    ALTER TYPE "Order"."user" ADD VALUE IF NOT EXISTS '$$' BEFORE 'back\\slash';
                    ALTER TYPE "Order"."user" ADD VALUE IF NOT EXISTS '\\:name' BEFORE '$$';
                    ALTER TYPE "Order"."user" ADD VALUE IF NOT EXISTS 'it''s' BEFORE '\\:name';
                END IF;
            END
            $cm$
            """
        )
        op.execute("RESET lock_timeout")

    # Create table "Order"."select"
    op.execute("SET LOCAL lock_timeout = '2s'")
    # \\: below is SQLAlchemy's escape for a literal ":", not a bind parameter
    op.execute(
        """
        CREATE TABLE IF NOT EXISTS "Order"."select" (
            "from" "Order"."user" NOT NULL DEFAULT '\\:name'
        )
        """
    )

    # Drop the shape checks' helper functions
    _drop_shape_helpers()


def downgrade() -> None:
    # Give up quickly rather than queue behind other sessions' locks
    op.execute("SET LOCAL lock_timeout = '2s'")

    # Helper functions for the shape checks: in pg_temp, seen by this session only
    _create_shape_helpers()

    # Undo: create table "Order"."select"
    with op.get_context().autocommit_block():
        op.execute(
            """
            DO $$
            BEGIN
                SET LOCAL lock_timeout = '2s';
                FOR attempt IN 1 .. 6 LOOP
                    BEGIN
                        DROP TABLE IF EXISTS "Order"."select";
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

    # Undo: create enum "Order"."user"
    op.execute("SET LOCAL lock_timeout = '2s'")
    # \\: below is SQLAlchemy's escape for a literal ":", not a bind parameter
    op.execute(
        """
        SELECT pg_temp.cm_expect_enum('"Order"."user"', ARRAY['it''s', '\\:name', '$$', 'back\\slash'])
        """
    )
    op.execute('DROP TYPE IF EXISTS "Order"."user"')

    # Drop the shape checks' helper functions
    _drop_shape_helpers()


def _create_shape_helpers() -> None:
    """The SQL functions the shape checks call, in pg_temp: this session's own, gone with it."""
    op.execute(
        """
        -- Enum target against its labels: 'missing', 'same', 'incomplete' (lacks some, the others in order), or stop
        CREATE OR REPLACE FUNCTION pg_temp.cm_expect_enum(target text, labels text[])
        RETURNS text LANGUAGE plpgsql AS $fn$
        DECLARE
            existing text[];
        BEGIN
            IF to_regtype(target) IS NULL THEN
                RETURN 'missing';
            END IF;
            IF (SELECT typtype FROM pg_catalog.pg_type WHERE oid = to_regtype(target)) <> 'e' THEN
                RAISE EXCEPTION 'type % exists and is not an enum: rename or drop it, then run the migration again', target;
            END IF;
            existing := ARRAY(SELECT enumlabel::text FROM pg_catalog.pg_enum WHERE enumtypid = to_regtype(target) ORDER BY enumsortorder);
            IF existing = labels THEN
                RETURN 'same';
            END IF;
            -- The labels it has must all be ours, in our order: then the others can be added in place.
            IF existing <> ARRAY(SELECT l FROM unnest(labels) WITH ORDINALITY u(l, n) WHERE l = ANY (existing) ORDER BY n) THEN
                RAISE EXCEPTION 'enum % exists with labels (%), expected (%): it is another type; rename or drop it, then run the migration again',
                    target, (SELECT string_agg(quote_literal(l), ', ') FROM unnest(existing) l),
                    (SELECT string_agg(quote_literal(l), ', ') FROM unnest(labels) l);
            END IF;
            RETURN 'incomplete';
        END
        $fn$
        """
    )


def _drop_shape_helpers() -> None:
    """Drops the shape checks' SQL functions, so none outlives the migration."""
    op.execute(
        """
        DROP FUNCTION IF EXISTS
            pg_temp.cm_expect_enum(text, text[])
        """
    )
