"""add user preferences

Revision ID: 003_add_user_preferences
Revises: 002_create_assets
Create Date: 2025-11-22 12:00:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "003_add_user_preferences"
down_revision = "002_create_assets"
branch_labels = None
depends_on = None

# create-migration spec, read back to know the schema (keep it when you edit this file):
# {"version":1,"message":"add user preferences","schema":"migration","operations":[{"op":"create_enum","name":"service_account_role","values":["ADMIN","USER"]},{"op":"create_table","table":"service_accounts","columns":[{"name":"id","type":"uuid","primary_key":true,"server_default":"gen_random_uuid()"},{"name":"role","type":"service_account_role","nullable":false,"server_default":"'USER'"},{"name":"email","type":"varchar(255)","nullable":false,"unique":true}]},{"op":"add_column","table":"users","column":{"name":"preferences","type":"jsonb","nullable":false,"server_default":"'{}'::jsonb","comment":"UI settings as JSON"}},{"op":"add_check","table":"users","name":"chk_users_status","expression":"status IN ('pending', 'active') OR status IS NULL"},{"op":"create_index","table":"assets","columns":["custom_attributes"],"using":"gin","opclass":"jsonb_path_ops","where":"deleted_at IS NULL","with":{"fastupdate":"off"}}]}
# create-migration 0.1.0 wrote this file; check trusts it while the rest matches digest 57518e49915cd69fd9baeab4ff989681


def upgrade() -> None:
    # Give up quickly rather than queue behind other sessions' locks
    op.execute("SET LOCAL lock_timeout = '2s'")

    # Create schema migration when it is missing (the downgrade leaves it in place)
    op.execute(
        """
        DO $$
        BEGIN
            IF NOT EXISTS (
                SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = 'migration'
            ) THEN
                CREATE SCHEMA IF NOT EXISTS migration;
            END IF;
        END
        $$
        """
    )

    # Helper functions for the shape checks: in pg_temp, seen by this session only
    _create_shape_helpers()

    # Create enum migration.service_account_role
    # An enum of this name must have these labels, or some of them in this order
    op.execute(
        "SELECT pg_temp.cm_expect_enum('migration.service_account_role', ARRAY['ADMIN', 'USER'])"
    )
    op.execute(
        """
        DO $$
        BEGIN
            IF NOT EXISTS (
                SELECT 1
                FROM pg_catalog.pg_type t
                JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
                WHERE n.nspname = 'migration' AND t.typname = 'service_account_role'
            ) THEN
                CREATE TYPE migration.service_account_role AS ENUM ('ADMIN', 'USER');
            END IF;
        END
        $$
        """
    )
    with op.get_context().autocommit_block():
        op.execute("SET lock_timeout = '2s'")
        # An enum of this name found without some of its labels gets them, each in its place
        op.execute(
            """
            DO $$
            BEGIN
                IF pg_temp.cm_expect_enum('migration.service_account_role', ARRAY['ADMIN', 'USER']) = 'incomplete' THEN
                    ALTER TYPE migration.service_account_role ADD VALUE IF NOT EXISTS 'USER';
                    ALTER TYPE migration.service_account_role ADD VALUE IF NOT EXISTS 'ADMIN' BEFORE 'USER';
                END IF;
            END
            $$
            """
        )
        op.execute("RESET lock_timeout")

    # Create table migration.service_accounts
    op.execute("SET LOCAL lock_timeout = '2s'")
    op.execute(
        """
        CREATE TABLE IF NOT EXISTS migration.service_accounts (
            id uuid NOT NULL DEFAULT gen_random_uuid(),
            role migration.service_account_role NOT NULL DEFAULT 'USER',
            email varchar(255) NOT NULL
        )
        """
    )
    # A table of this name must have these columns, or lack some (added here); anything else stops the migration
    op.execute(
        """
        DO $cm$
        BEGIN
            IF pg_temp.cm_expect_table(
                'migration.service_accounts',
                $$id uuid NOT NULL DEFAULT gen_random_uuid(), role migration.service_account_role NOT NULL DEFAULT 'USER', email varchar(255) NOT NULL$$,
                '{}',
                ARRAY['pk_service_accounts', 'uq_service_accounts_email']
            ) = 'incomplete' THEN
                ALTER TABLE migration.service_accounts
                    ADD COLUMN IF NOT EXISTS id uuid NOT NULL DEFAULT gen_random_uuid(),
                    ADD COLUMN IF NOT EXISTS role migration.service_account_role NOT NULL DEFAULT 'USER',
                    ADD COLUMN IF NOT EXISTS email varchar(255) NOT NULL;
            END IF;
        END
        $cm$
        """
    )
    # A constraint of this name must have this definition
    op.execute(
        """
        SELECT pg_temp.cm_expect_constraint(
            'migration.service_accounts',
            'pk_service_accounts',
            'PRIMARY KEY (id)'
        )
        """
    )
    # A constraint of this name must have this definition
    op.execute(
        """
        SELECT pg_temp.cm_expect_constraint(
            'migration.service_accounts',
            'uq_service_accounts_email',
            'UNIQUE (email)'
        )
        """
    )
    op.execute(
        """
        DO $$
        BEGIN
            IF NOT EXISTS (
                SELECT 1 FROM pg_catalog.pg_constraint
                WHERE conrelid = to_regclass('migration.service_accounts')
                  AND conname = 'pk_service_accounts'
            ) THEN
                ALTER TABLE migration.service_accounts
                    ADD CONSTRAINT pk_service_accounts PRIMARY KEY (id);
            END IF;
        END
        $$
        """
    )
    op.execute(
        """
        DO $$
        BEGIN
            IF NOT EXISTS (
                SELECT 1 FROM pg_catalog.pg_constraint
                WHERE conrelid = to_regclass('migration.service_accounts')
                  AND conname = 'uq_service_accounts_email'
            ) THEN
                ALTER TABLE migration.service_accounts
                    ADD CONSTRAINT uq_service_accounts_email UNIQUE (email);
            END IF;
        END
        $$
        """
    )

    # Add column preferences to migration.users
    # A column of this name must have this shape, or one the steps below complete
    op.execute(
        "SELECT pg_temp.cm_expect_column('migration.users', 'preferences', $$jsonb NOT NULL DEFAULT '{}'::jsonb$$)"
    )
    with op.get_context().autocommit_block():
        # A column of this name found without its default gets it
        op.execute(
            """
            DO $$
            BEGIN
                SET LOCAL lock_timeout = '2s';
                FOR attempt IN 1 .. 6 LOOP
                    BEGIN
                        ALTER TABLE migration.users
                            ADD COLUMN IF NOT EXISTS preferences jsonb NOT NULL DEFAULT '{}'::jsonb;
                        IF EXISTS (
                            SELECT 1 FROM pg_catalog.pg_attribute
                            WHERE attrelid = to_regclass('migration.users')
                              AND attname = 'preferences' AND NOT attisdropped
                              AND NOT atthasdef
                        ) THEN
                            ALTER TABLE migration.users ALTER COLUMN preferences SET DEFAULT '{}'::jsonb;
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
        op.execute("SET lock_timeout = '2s'")
        op.execute("SET statement_timeout = '0'")
        # Fill the NULLs in batches of about 1000 rows that each commit: row locks are held briefly
        op.execute(
            """
            DO $$
            DECLARE
                pages_per_batch bigint := (
                    SELECT CASE WHEN c.reltuples > 0 AND c.relpages > 0
                                THEN greatest(1, (1000 * c.relpages / c.reltuples)::bigint) ELSE 10 END
                    FROM pg_catalog.pg_class c WHERE c.oid = 'migration.users'::regclass
                );
                first_page bigint := 0;
                retries int := 0;
            BEGIN
                IF NOT EXISTS (
                    SELECT 1 FROM pg_catalog.pg_attribute
                    WHERE attrelid = to_regclass('migration.users')
                      AND attname = 'preferences' AND NOT attisdropped
                      AND NOT attnotnull
                ) THEN
                    RETURN;
                END IF;
                WHILE first_page < pg_catalog.pg_relation_size('migration.users') / current_setting('block_size')::bigint LOOP
                    BEGIN
                        UPDATE migration.users SET preferences = '{}'::jsonb
                        WHERE ctid >= format('(%s,0)', first_page)::tid
                          AND ctid < format('(%s,0)', first_page + pages_per_batch)::tid
                          AND preferences IS NULL;
                    EXCEPTION WHEN lock_not_available THEN
                        IF retries = 5 THEN RAISE; END IF;
                        retries := retries + 1;
                        PERFORM pg_sleep(retries);
                        CONTINUE;
                    END;
                    COMMIT;
                    retries := 0;
                    first_page := first_page + pages_per_batch;
                END LOOP;
            END
            $$
            """
        )
        # Prove NOT NULL with a CHECK added NOT VALID: a catalog update
        op.execute(
            """
            DO $$
            BEGIN
                SET LOCAL lock_timeout = '2s';
                FOR attempt IN 1 .. 6 LOOP
                    BEGIN
                        IF EXISTS (
                            SELECT 1 FROM pg_catalog.pg_attribute
                            WHERE attrelid = to_regclass('migration.users')
                              AND attname = 'preferences' AND NOT attisdropped
                              AND NOT attnotnull
                        )
                        AND NOT EXISTS (
                            SELECT 1 FROM pg_catalog.pg_constraint
                            WHERE conrelid = to_regclass('migration.users')
                              AND conname = 'ck_users_preferences_not_null'
                        ) THEN
                            ALTER TABLE migration.users
                                ADD CONSTRAINT ck_users_preferences_not_null CHECK (preferences IS NOT NULL) NOT VALID;
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
        # Check the existing rows in a transaction of its own: reads and writes go on during the scan
        op.execute(
            """
            DO $$
            BEGIN
                IF EXISTS (
                    SELECT 1 FROM pg_catalog.pg_constraint
                    WHERE conrelid = to_regclass('migration.users')
                      AND conname = 'ck_users_preferences_not_null'
                      AND NOT convalidated
                ) THEN
                    ALTER TABLE migration.users
                        VALIDATE CONSTRAINT ck_users_preferences_not_null;
                END IF;
            END
            $$
            """
        )
        # The valid CHECK proves it, so PostgreSQL sets NOT NULL without scanning the table; the CHECK has done its work
        op.execute(
            """
            DO $$
            BEGIN
                SET LOCAL lock_timeout = '2s';
                FOR attempt IN 1 .. 6 LOOP
                    BEGIN
                        IF EXISTS (
                            SELECT 1 FROM pg_catalog.pg_attribute
                            WHERE attrelid = to_regclass('migration.users')
                              AND attname = 'preferences' AND NOT attisdropped
                              AND NOT attnotnull
                        ) THEN
                            ALTER TABLE migration.users ALTER COLUMN preferences SET NOT NULL;
                        END IF;
                        ALTER TABLE IF EXISTS migration.users
                            DROP CONSTRAINT IF EXISTS ck_users_preferences_not_null;
                        COMMENT ON COLUMN migration.users.preferences IS 'UI settings as JSON';
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
        op.execute("RESET lock_timeout")
        op.execute("RESET statement_timeout")

    # Add check chk_users_status to migration.users
    op.execute("SET LOCAL lock_timeout = '2s'")
    # A constraint of this name must have this definition
    op.execute(
        """
        SELECT pg_temp.cm_expect_constraint(
            'migration.users',
            'chk_users_status',
            $$CHECK (status IN ('pending', 'active') OR status IS NULL)$$
        )
        """
    )
    with op.get_context().autocommit_block():
        # Add it NOT VALID: a catalog update, checked for new rows at once
        op.execute(
            """
            DO $$
            BEGIN
                SET LOCAL lock_timeout = '2s';
                FOR attempt IN 1 .. 6 LOOP
                    BEGIN
                        IF NOT EXISTS (
                            SELECT 1 FROM pg_catalog.pg_constraint
                            WHERE conrelid = to_regclass('migration.users')
                              AND conname = 'chk_users_status'
                        ) THEN
                            ALTER TABLE migration.users
                                ADD CONSTRAINT chk_users_status CHECK (status IN ('pending', 'active') OR status IS NULL) NOT VALID;
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
        # Check the existing rows in a transaction of its own: reads and writes go on during the scan
        op.execute(
            """
            DO $$
            BEGIN
                IF EXISTS (
                    SELECT 1 FROM pg_catalog.pg_constraint
                    WHERE conrelid = to_regclass('migration.users')
                      AND conname = 'chk_users_status'
                      AND NOT convalidated
                ) THEN
                    ALTER TABLE migration.users VALIDATE CONSTRAINT chk_users_status;
                END IF;
            END
            $$
            """
        )
        op.execute("RESET lock_timeout")
        op.execute("RESET statement_timeout")

    # Create index ix_assets_custom_attributes on migration.assets concurrently
    op.execute("SET LOCAL lock_timeout = '2s'")
    # An index of this name must have this definition
    op.execute(
        """
        SELECT pg_temp.cm_expect_index(
            'migration.assets',
            'migration.ix_assets_custom_attributes',
            false,
            'USING gin (custom_attributes jsonb_path_ops) WITH (fastupdate = off) WHERE deleted_at IS NULL'
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
                            WHERE indexrelid = to_regclass('migration.ix_assets_custom_attributes')
                              AND NOT indisvalid
                        ) THEN
                            DROP INDEX migration.ix_assets_custom_attributes;
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
            CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_assets_custom_attributes
                ON migration.assets USING gin (custom_attributes jsonb_path_ops)
                WITH (fastupdate = off)
                WHERE deleted_at IS NULL
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

    # Undo: create index ix_assets_custom_attributes on migration.assets concurrently
    # An index of this name must have this definition
    op.execute(
        """
        SELECT pg_temp.cm_expect_index(
            'migration.assets',
            'migration.ix_assets_custom_attributes',
            false,
            'USING gin (custom_attributes jsonb_path_ops) WITH (fastupdate = off) WHERE deleted_at IS NULL'
        )
        """
    )
    with op.get_context().autocommit_block():
        op.execute("SET lock_timeout = '0'")
        op.execute("SET statement_timeout = '0'")
        # Drop it without blocking reads or writes (outside the transaction)
        op.execute(
            "DROP INDEX CONCURRENTLY IF EXISTS migration.ix_assets_custom_attributes"
        )
        op.execute("RESET lock_timeout")
        op.execute("RESET statement_timeout")

    # Undo: add check chk_users_status to migration.users
    op.execute("SET LOCAL lock_timeout = '2s'")
    # A constraint of this name must have this definition
    op.execute(
        """
        SELECT pg_temp.cm_expect_constraint(
            'migration.users',
            'chk_users_status',
            $$CHECK (status IN ('pending', 'active') OR status IS NULL)$$
        )
        """
    )
    with op.get_context().autocommit_block():
        op.execute(
            """
            DO $$
            BEGIN
                SET LOCAL lock_timeout = '2s';
                FOR attempt IN 1 .. 6 LOOP
                    BEGIN
                        ALTER TABLE IF EXISTS migration.users
                            DROP CONSTRAINT IF EXISTS chk_users_status;
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

    # Undo: add column preferences to migration.users
    op.execute("SET LOCAL lock_timeout = '2s'")
    op.execute(
        "SELECT pg_temp.cm_expect_column('migration.users', 'preferences', $$jsonb NOT NULL DEFAULT '{}'::jsonb$$)"
    )
    with op.get_context().autocommit_block():
        op.execute(
            """
            DO $$
            BEGIN
                SET LOCAL lock_timeout = '2s';
                FOR attempt IN 1 .. 6 LOOP
                    BEGIN
                        ALTER TABLE IF EXISTS migration.users DROP COLUMN IF EXISTS preferences;
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

    # Undo: create table migration.service_accounts
    with op.get_context().autocommit_block():
        op.execute(
            """
            DO $$
            BEGIN
                SET LOCAL lock_timeout = '2s';
                FOR attempt IN 1 .. 6 LOOP
                    BEGIN
                        DROP TABLE IF EXISTS migration.service_accounts;
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

    # Undo: create enum migration.service_account_role
    op.execute("SET LOCAL lock_timeout = '2s'")
    op.execute(
        "SELECT pg_temp.cm_expect_enum('migration.service_account_role', ARRAY['ADMIN', 'USER'])"
    )
    op.execute("DROP TYPE IF EXISTS migration.service_account_role")

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
    op.execute(
        """
        -- Constraint con of table target against its definition (CHECK, UNIQUE, PRIMARY KEY): 'missing', 'valid', 'not_valid', or stop
        CREATE OR REPLACE FUNCTION pg_temp.cm_expect_constraint(target text, con name, definition text)
        RETURNS text LANGUAGE plpgsql AS $fn$
        DECLARE
            existing record;
            intended text;
        BEGIN
            SELECT pg_get_constraintdef(oid) AS definition, convalidated INTO existing
            FROM pg_catalog.pg_constraint WHERE conrelid = to_regclass(target) AND conname = con;
            IF NOT FOUND THEN
                RETURN 'missing';
            END IF;
            EXECUTE format('CREATE TEMP TABLE cm_scratch (LIKE %s)', to_regclass(target));
            EXECUTE format('ALTER TABLE pg_temp.cm_scratch ADD CONSTRAINT cm_intended %s', definition);
            SELECT pg_get_constraintdef(oid) INTO intended
            FROM pg_catalog.pg_constraint WHERE conrelid = 'pg_temp.cm_scratch'::regclass AND conname = 'cm_intended';
            DROP TABLE pg_temp.cm_scratch;
            IF regexp_replace(existing.definition, ' NOT VALID$', '') <> regexp_replace(intended, ' NOT VALID$', '') THEN
                RAISE EXCEPTION 'constraint % of % exists as %, expected %: drop or rename it, then run the migration again',
                    quote_ident(con), target, existing.definition, intended;
            END IF;
            RETURN CASE WHEN existing.convalidated THEN 'valid' ELSE 'not_valid' END;
        END
        $fn$
        """
    )
    op.execute(
        """
        -- Column col of table target against its definition: 'missing', 'same', 'incomplete' (nullable or without its default), or stop
        CREATE OR REPLACE FUNCTION pg_temp.cm_expect_column(target text, col name, definition text)
        RETURNS text LANGUAGE plpgsql AS $fn$
        DECLARE
            state text := 'missing';
        BEGIN
            IF EXISTS (SELECT FROM pg_temp.cm_column(to_regclass(target), col)) THEN
                EXECUTE format('CREATE TEMP TABLE cm_scratch (%I %s)', col, definition);
                state := pg_temp.cm_compare_column(target, 'pg_temp.cm_scratch', col, false);
                DROP TABLE pg_temp.cm_scratch;
            END IF;
            RETURN state;
        END
        $fn$
        """
    )
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
            pg_temp.cm_index_definition(regclass),
            pg_temp.cm_expect_column(text, name, text),
            pg_temp.cm_expect_constraint(text, name, text),
            pg_temp.cm_expect_table(text, text, text[], text[]),
            pg_temp.cm_compare_column(text, regclass, name, boolean),
            pg_temp.cm_column(regclass, name),
            pg_temp.cm_expect_enum(text, text[])
        """
    )
