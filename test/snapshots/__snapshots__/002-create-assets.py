"""create assets

Revision ID: 001_create_assets
Revises:
Create Date: 2025-11-22 12:00:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "001_create_assets"
down_revision = None
branch_labels = None
depends_on = None

# create-migration spec, read back to know the schema (keep it when you edit this file):
# {"version":1,"message":"create assets","schema":"migration","operations":[{"op":"create_table","table":"assets","columns":[{"name":"id","type":"bigint","primary_key":true},{"name":"custom_attributes","type":"jsonb","nullable":false,"server_default":"'{}'::jsonb"},{"name":"deleted_at","type":"timestamptz"}]}]}
# create-migration 0.1.0 wrote this file; check trusts it while the rest matches digest 0668902497e4823bd0478442f85daacd


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

    # Create table migration.assets
    op.execute(
        """
        CREATE TABLE IF NOT EXISTS migration.assets (
            id bigint NOT NULL,
            custom_attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
            deleted_at timestamptz
        )
        """
    )
    op.execute(
        """
        DO $$
        BEGIN
            IF NOT EXISTS (
                SELECT 1 FROM pg_catalog.pg_constraint
                WHERE conrelid = to_regclass('migration.assets')
                  AND conname = 'pk_assets'
            ) THEN
                ALTER TABLE migration.assets ADD CONSTRAINT pk_assets PRIMARY KEY (id);
            END IF;
        END
        $$
        """
    )


def downgrade() -> None:
    # Undo: create table migration.assets
    with op.get_context().autocommit_block():
        op.execute(
            """
            DO $$
            BEGIN
                SET LOCAL lock_timeout = '2s';
                FOR attempt IN 1 .. 6 LOOP
                    BEGIN
                        DROP TABLE IF EXISTS migration.assets;
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
