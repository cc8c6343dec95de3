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
# create-migration 0.1.0 wrote this file; check trusts it while the rest matches digest 0f54111a7db03a4b486aaafa7eaf0cc8


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

    # Create enum "Order"."user"
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

    # Create table "Order"."select"
    # \\: below is SQLAlchemy's escape for a literal ":", not a bind parameter
    op.execute(
        """
        CREATE TABLE IF NOT EXISTS "Order"."select" (
            "from" "Order"."user" NOT NULL DEFAULT '\\:name'
        )
        """
    )


def downgrade() -> None:
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
    op.execute('DROP TYPE IF EXISTS "Order"."user"')
