"""create users

Revision ID: 001_create_users
Revises:
Create Date: 2025-11-22 12:00:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "001_create_users"
down_revision = None
branch_labels = None
depends_on = None

# create-migration spec, read back to know the schema (keep it when you edit this file):
# {"version":1,"message":"create users","schema":"migration","operations":[{"op":"create_table","table":"users","columns":[{"name":"id","type":"integer","primary_key":true},{"name":"email","type":"text","nullable":false,"unique":true},{"name":"status","type":"varchar(20)"}]}]}
# create-migration 0.1.0 wrote this file; check trusts it while the rest matches digest 32188661091facfdf5907b0c5ffb8957


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

    # Create table migration.users
    op.execute(
        """
        CREATE TABLE IF NOT EXISTS migration.users (
            id integer NOT NULL,
            email text NOT NULL,
            status varchar(20)
        )
        """
    )
    op.execute(
        """
        DO $$
        BEGIN
            IF NOT EXISTS (
                SELECT 1 FROM pg_catalog.pg_constraint
                WHERE conrelid = to_regclass('migration.users')
                  AND conname = 'pk_users'
            ) THEN
                ALTER TABLE migration.users ADD CONSTRAINT pk_users PRIMARY KEY (id);
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
                WHERE conrelid = to_regclass('migration.users')
                  AND conname = 'uq_users_email'
            ) THEN
                ALTER TABLE migration.users ADD CONSTRAINT uq_users_email UNIQUE (email);
            END IF;
        END
        $$
        """
    )


def downgrade() -> None:
    # Undo: create table migration.users
    with op.get_context().autocommit_block():
        op.execute(
            """
            DO $$
            BEGIN
                SET LOCAL lock_timeout = '2s';
                FOR attempt IN 1 .. 6 LOOP
                    BEGIN
                        DROP TABLE IF EXISTS migration.users;
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
