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
# create-migration 0.1.0 wrote this file; check trusts it while the rest matches digest 346c9692023d21e95e0ad85238a6c191


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
    # A table of this name must have these columns, or lack some (added here); anything else stops the migration
    # \\: below is SQLAlchemy's escape for a literal ":", not a bind parameter
    op.execute(
        """
        DO $cm$
        BEGIN
            IF pg_temp.cm_expect_table(
                '"Order"."select"',
                $$"from" "Order"."user" NOT NULL DEFAULT '\\:name'$$,
                '{}',
                '{}'
            ) = 'incomplete' THEN
                ALTER TABLE "Order"."select"
                    ADD COLUMN IF NOT EXISTS "from" "Order"."user" NOT NULL DEFAULT '\\:name';
            END IF;
        END
        $cm$
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
    op.execute(
        """
        -- A column's type (with collation, identity or generation), NOT NULL and default, as PostgreSQL prints them
        CREATE OR REPLACE FUNCTION pg_temp.cm_column(rel regclass, col name)
        RETURNS TABLE (type text, not_null boolean, default_value text) LANGUAGE sql AS $fn$
        SELECT format_type(a.atttypid, a.atttypmod)
                   || CASE WHEN a.attcollation <> ty.typcollation THEN ' COLLATE ' || quote_ident(co.collname) ELSE '' END
                   || CASE a.attidentity WHEN 'a' THEN ' GENERATED ALWAYS AS IDENTITY' WHEN 'd' THEN ' GENERATED BY DEFAULT AS IDENTITY' ELSE '' END
                   || CASE WHEN a.attgenerated <> '' THEN ' GENERATED ALWAYS AS (' || pg_get_expr(d.adbin, d.adrelid) || ')' ELSE '' END,
               a.attnotnull,
               CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END
        FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
        LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
        LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = rel AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped
        $fn$
        """
    )
    op.execute(
        """
        -- Column col of target against the same column of scratch: 'missing', 'same', 'incomplete' (nullable or without its default; strict: stop)
        CREATE OR REPLACE FUNCTION pg_temp.cm_compare_column(target text, scratch regclass, col name, strict boolean)
        RETURNS text LANGUAGE plpgsql AS $fn$
        DECLARE
            existing record;
            intended record;
            problem text;
            has_nulls boolean;
        BEGIN
            SELECT * INTO existing FROM pg_temp.cm_column(to_regclass(target), col);
            IF NOT FOUND THEN
                RETURN 'missing';
            END IF;
            SELECT * INTO intended FROM pg_temp.cm_column(scratch, col);
            IF pg_get_serial_sequence(scratch::text, col) IS NOT NULL THEN
                -- A serial's default takes the next value of the column's own sequence.
                intended.default_value := coalesce(
                    format('nextval(%L::regclass)', pg_get_serial_sequence(target, col)::regclass),
                    'nextval of a sequence the column owns');
            END IF;
            IF existing.type <> intended.type THEN
                problem := format('exists as %s, expected %s: convert it or drop it', existing.type, intended.type);
            ELSIF existing.not_null AND NOT intended.not_null THEN
                problem := 'exists NOT NULL, expected nullable: drop NOT NULL';
            ELSIF existing.default_value <> intended.default_value OR (existing.default_value IS NOT NULL AND intended.default_value IS NULL) THEN
                problem := format('exists with DEFAULT %s, expected %s: change or drop the default',
                    existing.default_value, coalesce('DEFAULT ' || intended.default_value, 'no default'));
            ELSIF strict AND NOT existing.not_null AND intended.not_null THEN
                problem := 'exists nullable, expected NOT NULL: backfill it and set it NOT NULL';
            ELSIF strict AND existing.default_value IS NULL AND intended.default_value IS NOT NULL THEN
                problem := format('exists without a default, expected DEFAULT %s: set the default', intended.default_value);
            ELSIF NOT existing.not_null AND intended.not_null AND intended.default_value IS NULL THEN
                EXECUTE format('SELECT EXISTS (SELECT FROM %s WHERE %I IS NULL)', to_regclass(target), col) INTO has_nulls;
                IF has_nulls THEN
                    problem := 'exists nullable and holds NULLs, expected NOT NULL without a default to fill them: fill them';
                END IF;
            END IF;
            IF problem IS NOT NULL THEN
                RAISE EXCEPTION 'column %.% %, then run the migration again', target, quote_ident(col), problem;
            END IF;
            IF existing.not_null = intended.not_null AND existing.default_value IS NOT DISTINCT FROM intended.default_value THEN
                RETURN 'same';
            END IF;
            RETURN 'incomplete';
        END
        $fn$
        """
    )
    op.execute(
        """
        -- Table target against its column definitions (others: columns later steps change; parts: its constraints and indexes): 'missing', 'same', 'incomplete' (lacks columns), or stop
        CREATE OR REPLACE FUNCTION pg_temp.cm_expect_table(target text, definition text, others text[], parts text[])
        RETURNS text LANGUAGE plpgsql AS $fn$
        DECLARE
            rel regclass := to_regclass(target);
            extra text;
            intended record;
            required text;
            rewriting text;
            probe oid;
            lacking text;
            has_rows boolean;
            col name;
            state text := 'same';
        BEGIN
            IF rel IS NULL THEN
                RETURN 'missing';
            END IF;
            IF (SELECT relkind FROM pg_catalog.pg_class WHERE oid = rel) NOT IN ('r', 'p') THEN
                RAISE EXCEPTION '% exists and is not a table: rename or drop it, then run the migration again', target;
            END IF;
            EXECUTE format('CREATE TEMP TABLE cm_scratch (%s)', definition);
            SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO extra
            FROM pg_catalog.pg_attribute a
            WHERE a.attrelid = rel AND a.attnum > 0 AND NOT a.attisdropped AND a.attname <> ALL (others)
              AND NOT EXISTS (SELECT FROM pg_temp.cm_column('pg_temp.cm_scratch', a.attname));
            IF extra IS NOT NULL THEN
                DROP TABLE pg_temp.cm_scratch;
                RAISE EXCEPTION 'table % exists with column(s) % that this migration does not define: it is another table; rename or drop it, then run the migration again', target, extra;
            END IF;
            FOR col IN SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = 'pg_temp.cm_scratch'::regclass AND attnum > 0 ORDER BY attnum LOOP
                CONTINUE WHEN pg_temp.cm_compare_column(target, 'pg_temp.cm_scratch', col, true) <> 'missing';
                state := 'incomplete';
                SELECT * INTO intended FROM pg_temp.cm_column('pg_temp.cm_scratch', col);
                IF intended.type LIKE '% GENERATED %' OR intended.default_value IS NOT NULL THEN
                    -- Whether adding it rewrites a table (a volatile default, identity, generated): tried on one row.
                    CREATE TEMP TABLE cm_probe AS SELECT FROM generate_series(1, 1);
                    probe := pg_relation_filenode('pg_temp.cm_probe');
                    BEGIN
                        EXECUTE format('ALTER TABLE pg_temp.cm_probe ADD COLUMN %I %s', col, intended.type || coalesce(' DEFAULT ' || intended.default_value, ''));
                        IF pg_relation_filenode('pg_temp.cm_probe') <> probe THEN
                            rewriting := concat_ws(', ', rewriting, quote_ident(col));
                        END IF;
                    EXCEPTION WHEN OTHERS THEN
                        rewriting := concat_ws(', ', rewriting, quote_ident(col));
                    END;
                    DROP TABLE pg_temp.cm_probe;
                ELSIF intended.not_null THEN
                    required := concat_ws(', ', required, quote_ident(col));
                END IF;
            END LOOP;
            DROP TABLE pg_temp.cm_scratch;
            -- What the steps below add to a table that holds rows must not scan or build under their locks.
            SELECT string_agg(quote_ident(p), ', ') INTO lacking FROM unnest(parts) p
            WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_constraint WHERE conrelid = rel AND conname = p)
              AND NOT EXISTS (SELECT FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = rel AND c.relname = p);
            IF required IS NOT NULL OR rewriting IS NOT NULL OR lacking IS NOT NULL THEN
                EXECUTE format('SELECT EXISTS (SELECT FROM %s)', rel) INTO has_rows;
            END IF;
            IF has_rows AND required IS NOT NULL THEN
                RAISE EXCEPTION 'table % exists with rows and without its NOT NULL column(s) % (no default fills them): add them nullable, fill them and set NOT NULL, then run the migration again', target, required;
            END IF;
            IF has_rows AND rewriting IS NOT NULL THEN
                RAISE EXCEPTION 'table % exists with rows and without column(s) % whose value PostgreSQL computes for each row, rewriting the table while reads and writes wait: add them yourself (add_column does, warning of the rewrite), then run the migration again', target, rewriting;
            END IF;
            IF has_rows AND lacking IS NOT NULL THEN
                RAISE EXCEPTION 'table % exists with rows and without its constraint(s) or index(es) %, which would be checked or built here while reads or writes wait: add them (add_unique, add_check, add_foreign_key, create_index do it without blocking), then run the migration again', target, lacking;
            END IF;
            RETURN state;
        END
        $fn$
        """
    )


def _drop_shape_helpers() -> None:
    """Drops the shape checks' SQL functions, so none outlives the migration."""
    op.execute(
        """
        DROP FUNCTION IF EXISTS
            pg_temp.cm_expect_table(text, text, text[], text[]),
            pg_temp.cm_compare_column(text, regclass, name, boolean),
            pg_temp.cm_column(regclass, name),
            pg_temp.cm_expect_enum(text, text[])
        """
    )
