"""require nicknames

Revision ID: 003_require_nicknames
Revises: 002_create_assets
Create Date: 2025-11-22 12:00:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "003_require_nicknames"
down_revision = "002_create_assets"
branch_labels = None
depends_on = None

# create-migration spec, read back to know the schema (keep it when you edit this file):
# {"version":1,"message":"require nicknames","schema":"public","statement_timeout":"30s","operations":[{"op":"alter_column","table":"users","column":"nickname","nullable":false,"backfill":"'anonymous'"}]}
# create-migration 0.1.0 wrote this file; check trusts it while the rest matches digest a05a1a2a590b53b865d018fc80b25ecf


def upgrade() -> None:
    # Alter column nickname of public.users
    with op.get_context().autocommit_block():
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
                    FROM pg_catalog.pg_class c WHERE c.oid = 'public.users'::regclass
                );
                first_page bigint := 0;
                retries int := 0;
            BEGIN
                WHILE first_page < pg_catalog.pg_relation_size('public.users') / current_setting('block_size')::bigint LOOP
                    BEGIN
                        UPDATE public.users SET nickname = 'anonymous'
                        WHERE ctid >= format('(%s,0)', first_page)::tid
                          AND ctid < format('(%s,0)', first_page + pages_per_batch)::tid
                          AND nickname IS NULL;
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
        op.execute("SET statement_timeout = '30s'")
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
                            WHERE attrelid = to_regclass('public.users')
                              AND attname = 'nickname' AND NOT attisdropped
                              AND NOT attnotnull
                        )
                        AND NOT EXISTS (
                            SELECT 1 FROM pg_catalog.pg_constraint
                            WHERE conrelid = to_regclass('public.users')
                              AND conname = 'ck_users_nickname_not_null'
                        ) THEN
                            ALTER TABLE public.users
                                ADD CONSTRAINT ck_users_nickname_not_null CHECK (nickname IS NOT NULL) NOT VALID;
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
                    WHERE conrelid = to_regclass('public.users')
                      AND conname = 'ck_users_nickname_not_null'
                      AND NOT convalidated
                ) THEN
                    ALTER TABLE public.users VALIDATE CONSTRAINT ck_users_nickname_not_null;
                END IF;
            END
            $$
            """
        )
        op.execute("SET statement_timeout = '30s'")
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
                            WHERE attrelid = to_regclass('public.users')
                              AND attname = 'nickname' AND NOT attisdropped
                              AND NOT attnotnull
                        ) THEN
                            ALTER TABLE public.users ALTER COLUMN nickname SET NOT NULL;
                        END IF;
                        ALTER TABLE IF EXISTS public.users
                            DROP CONSTRAINT IF EXISTS ck_users_nickname_not_null;
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


def downgrade() -> None:
    # Undo: alter column nickname of public.users
    with op.get_context().autocommit_block():
        op.execute("SET statement_timeout = '30s'")
        op.execute(
            """
            DO $$
            BEGIN
                SET LOCAL lock_timeout = '2s';
                FOR attempt IN 1 .. 6 LOOP
                    BEGIN
                        ALTER TABLE public.users ALTER COLUMN nickname DROP NOT NULL;
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
        op.execute("RESET statement_timeout")
