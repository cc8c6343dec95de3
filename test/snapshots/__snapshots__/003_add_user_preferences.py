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
# create-migration 0.1.0 wrote this file; check trusts it while the rest matches digest 7ec183bcb5a352e63db1a8ce2785d0fd


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

    # Create enum migration.service_account_role
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

    # Create table migration.service_accounts
    op.execute(
        """
        CREATE TABLE IF NOT EXISTS migration.service_accounts (
            id uuid NOT NULL DEFAULT gen_random_uuid(),
            role migration.service_account_role NOT NULL DEFAULT 'USER',
            email varchar(255) NOT NULL
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
    with op.get_context().autocommit_block():
        op.execute(
            """
            DO $$
            BEGIN
                SET LOCAL lock_timeout = '2s';
                FOR attempt IN 1 .. 6 LOOP
                    BEGIN
                        ALTER TABLE migration.users
                            ADD COLUMN IF NOT EXISTS preferences jsonb NOT NULL DEFAULT '{}'::jsonb;
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

    # Add check chk_users_status to migration.users
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


def downgrade() -> None:
    # Undo: create index ix_assets_custom_attributes on migration.assets concurrently
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
    op.execute("DROP TYPE IF EXISTS migration.service_account_role")
