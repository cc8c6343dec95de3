// Hand-written migrations in the styles real projects use, each with the SQL it runs on
// PostgreSQL (what squawk is given): op.* calls, batch_op, raw SQL guarded and not, DO blocks,
// data migrations, enums. `n` makes every name of a file its own, as in a real history.

const HEADER = (doc, imports = 'import sqlalchemy as sa\nfrom alembic import op\n') => `"""${doc}

Revision ID: {revision}
Revises: {down}
Create Date: 2024-03-11 09:12:44.123456

"""
${imports}

# revision identifiers, used by Alembic.
revision = "{revision}"
down_revision = {down_value}
branch_labels = None
depends_on = None
`;

export const TEMPLATES = [
  {
    python: (n) => `${HEADER('create accounts')}

def upgrade():
    op.create_table(
        "accounts_${n}",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("is_active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts_${n}")),
        sa.UniqueConstraint("email", name=op.f("uq_accounts_${n}_email")),
    )
    op.create_index(op.f("ix_accounts_${n}_created_at"), "accounts_${n}", ["created_at"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_accounts_${n}_created_at"), table_name="accounts_${n}")
    op.drop_table("accounts_${n}")
`,
    sql: (n) => `CREATE TABLE accounts_${n} (id bigint NOT NULL, email varchar(255) NOT NULL, created_at timestamptz DEFAULT now() NOT NULL, is_active boolean DEFAULT true NOT NULL, CONSTRAINT pk_accounts_${n} PRIMARY KEY (id), CONSTRAINT uq_accounts_${n}_email UNIQUE (email));
CREATE INDEX ix_accounts_${n}_created_at ON accounts_${n} (created_at);
`,
  },
  {
    python: (n) => `${HEADER('add status enum to orders', 'import sqlalchemy as sa\nfrom alembic import op\nfrom sqlalchemy.dialects import postgresql\n')}
order_status_${n} = postgresql.ENUM("PENDING", "PAID", "SHIPPED", "CANCELLED", name="order_status_${n}")


def upgrade():
    order_status_${n}.create(op.get_bind(), checkfirst=True)
    op.add_column("orders_${n}", sa.Column("status", order_status_${n}, server_default="PENDING", nullable=False))
    op.create_index("ix_orders_${n}_status", "orders_${n}", ["status"])


def downgrade():
    op.drop_index("ix_orders_${n}_status", table_name="orders_${n}")
    op.drop_column("orders_${n}", "status")
    order_status_${n}.drop(op.get_bind(), checkfirst=True)
`,
    sql: (n) => `CREATE TYPE order_status_${n} AS ENUM ('PENDING', 'PAID', 'SHIPPED', 'CANCELLED');
ALTER TABLE orders_${n} ADD COLUMN status order_status_${n} DEFAULT 'PENDING' NOT NULL;
CREATE INDEX ix_orders_${n}_status ON orders_${n} (status);
`,
  },
  {
    python: (n) => `${HEADER('batch changes to users')}

def upgrade():
    with op.batch_alter_table("users_${n}", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("login_count", sa.Integer(), server_default="0", nullable=False))
        batch_op.alter_column("display_name", existing_type=sa.VARCHAR(length=80), type_=sa.String(length=160), existing_nullable=True)
        batch_op.create_index(batch_op.f("ix_users_${n}_last_login_at"), ["last_login_at"], unique=False)


def downgrade():
    with op.batch_alter_table("users_${n}", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_${n}_last_login_at"))
        batch_op.alter_column("display_name", existing_type=sa.String(length=160), type_=sa.VARCHAR(length=80), existing_nullable=True)
        batch_op.drop_column("login_count")
        batch_op.drop_column("last_login_at")
`,
    sql: (n) => `ALTER TABLE users_${n} ADD COLUMN last_login_at timestamptz;
ALTER TABLE users_${n} ADD COLUMN login_count integer DEFAULT '0' NOT NULL;
ALTER TABLE users_${n} ALTER COLUMN display_name TYPE varchar(160);
CREATE INDEX ix_users_${n}_last_login_at ON users_${n} (last_login_at);
`,
  },
  {
    python: (n) => `${HEADER('guarded raw sql for events')}

def upgrade():
    op.execute(
        """
        CREATE TABLE IF NOT EXISTS events_${n} (
            id bigserial PRIMARY KEY,
            kind text NOT NULL,
            payload jsonb NOT NULL DEFAULT '{}'::jsonb,
            created_at timestamptz NOT NULL DEFAULT now()
        )
        """
    )
    op.execute("CREATE INDEX IF NOT EXISTS ix_events_${n}_kind ON events_${n} (kind)")
    op.execute(
        """
        DO $$
        BEGIN
            IF NOT EXISTS (
                SELECT 1 FROM pg_catalog.pg_constraint
                WHERE conrelid = to_regclass('events_${n}') AND conname = 'ck_events_${n}_kind'
            ) THEN
                ALTER TABLE events_${n} ADD CONSTRAINT ck_events_${n}_kind CHECK (kind <> '');
            END IF;
        END
        $$;
        """
    )


def downgrade():
    op.execute("DROP TABLE IF EXISTS events_${n}")
`,
    sql: (n) => `CREATE TABLE IF NOT EXISTS events_${n} (id bigserial PRIMARY KEY, kind text NOT NULL, payload jsonb NOT NULL DEFAULT '{}'::jsonb, created_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX IF NOT EXISTS ix_events_${n}_kind ON events_${n} (kind);
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = to_regclass('events_${n}') AND conname = 'ck_events_${n}_kind') THEN
        ALTER TABLE events_${n} ADD CONSTRAINT ck_events_${n}_kind CHECK (kind <> '');
    END IF;
END
$$;
`,
  },
  {
    python: (n) => `${HEADER('backfill plan names')}

plans_${n} = sa.table("plans_${n}", sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("tier", sa.String))


def upgrade():
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE plans_${n} SET tier = 'free' WHERE tier IS NULL"))
    op.execute(
        "UPDATE plans_${n} SET name = initcap(name) "
        "WHERE name IS NOT NULL AND name <> initcap(name)"
    )
    op.alter_column("plans_${n}", "tier", existing_type=sa.String(), nullable=False)


def downgrade():
    op.alter_column("plans_${n}", "tier", existing_type=sa.String(), nullable=True)
`,
    sql: (n) => `UPDATE plans_${n} SET tier = 'free' WHERE tier IS NULL;
UPDATE plans_${n} SET name = initcap(name) WHERE name IS NOT NULL AND name <> initcap(name);
ALTER TABLE plans_${n} ALTER COLUMN tier SET NOT NULL;
`,
  },
  {
    python: (n) => `${HEADER('foreign key from invoices to customers')}

def upgrade():
    op.add_column("invoices_${n}", sa.Column("customer_id", sa.BigInteger(), nullable=True))
    op.create_foreign_key(
        "fk_invoices_${n}_customer_id_customers",
        "invoices_${n}",
        "customers_${n}",
        ["customer_id"],
        ["id"],
        ondelete="SET NULL",
    )


def downgrade():
    op.drop_constraint("fk_invoices_${n}_customer_id_customers", "invoices_${n}", type_="foreignkey")
    op.drop_column("invoices_${n}", "customer_id")
`,
    sql: (n) => `ALTER TABLE invoices_${n} ADD COLUMN customer_id bigint;
ALTER TABLE invoices_${n} ADD CONSTRAINT fk_invoices_${n}_customer_id_customers FOREIGN KEY (customer_id) REFERENCES customers_${n} (id) ON DELETE SET NULL;
`,
  },
  {
    python: (n) => `${HEADER('concurrent index on sessions')}

def upgrade():
    with op.get_context().autocommit_block():
        op.execute("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_sessions_${n}_user_id ON sessions_${n} (user_id)")


def downgrade():
    with op.get_context().autocommit_block():
        op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_sessions_${n}_user_id")
`,
    sql: (n) => `CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_sessions_${n}_user_id ON sessions_${n} (user_id);
`,
  },
  {
    python: (n) => `${HEADER('search trigger for articles')}

def upgrade():
    op.execute(
        """
        CREATE OR REPLACE FUNCTION articles_${n}_search_update() RETURNS trigger AS $$
        BEGIN
            NEW.search := to_tsvector('english', coalesce(NEW.title, '') || ' ' || coalesce(NEW.body, ''));
            RETURN NEW;
        END
        $$ LANGUAGE plpgsql;
        """
    )
    op.execute("DROP TRIGGER IF EXISTS articles_${n}_search ON articles_${n}")
    op.execute(
        """
        CREATE TRIGGER articles_${n}_search BEFORE INSERT OR UPDATE ON articles_${n}
        FOR EACH ROW EXECUTE FUNCTION articles_${n}_search_update();
        """
    )


def downgrade():
    op.execute("DROP TRIGGER IF EXISTS articles_${n}_search ON articles_${n}")
    op.execute("DROP FUNCTION IF EXISTS articles_${n}_search_update()")
`,
    sql: (n) => `CREATE OR REPLACE FUNCTION articles_${n}_search_update() RETURNS trigger AS $$
BEGIN
    NEW.search := to_tsvector('english', coalesce(NEW.title, '') || ' ' || coalesce(NEW.body, ''));
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS articles_${n}_search ON articles_${n};
CREATE TRIGGER articles_${n}_search BEFORE INSERT OR UPDATE ON articles_${n} FOR EACH ROW EXECUTE FUNCTION articles_${n}_search_update();
`,
  },
  {
    python: (n) => `${HEADER('rename and retype on projects')}

def upgrade():
    op.alter_column("projects_${n}", "title", new_column_name="name", existing_type=sa.String(length=200))
    op.alter_column("projects_${n}", "budget", type_=sa.Numeric(12, 2), postgresql_using="budget::numeric(12, 2)")
    op.create_unique_constraint("uq_projects_${n}_name", "projects_${n}", ["name"])


def downgrade():
    op.drop_constraint("uq_projects_${n}_name", "projects_${n}", type_="unique")
    op.alter_column("projects_${n}", "budget", type_=sa.Integer())
    op.alter_column("projects_${n}", "name", new_column_name="title")
`,
    sql: (n) => `ALTER TABLE projects_${n} RENAME COLUMN title TO name;
ALTER TABLE projects_${n} ALTER COLUMN budget TYPE numeric(12, 2) USING budget::numeric(12, 2);
ALTER TABLE projects_${n} ADD CONSTRAINT uq_projects_${n}_name UNIQUE (name);
`,
  },
  {
    python: (n) => `${HEADER('seed roles and guarded type')}

def upgrade():
    op.execute(
        """
        DO $$ BEGIN
            CREATE TYPE role_kind_${n} AS ENUM ('admin', 'member', 'viewer');
        EXCEPTION
            WHEN duplicate_object THEN NULL;
        END $$;
        """
    )
    op.create_table(
        "roles_${n}",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False, unique=True),
        if_not_exists=True,
    )
    op.execute("INSERT INTO roles_${n} (id, name) VALUES (1, 'admin'), (2, 'member') ON CONFLICT DO NOTHING")


def downgrade():
    op.drop_table("roles_${n}", if_exists=True)
    op.execute("DROP TYPE IF EXISTS role_kind_${n}")
`,
    sql: (n) => `DO $$ BEGIN
    CREATE TYPE role_kind_${n} AS ENUM ('admin', 'member', 'viewer');
EXCEPTION
    WHEN duplicate_object THEN NULL;
END $$;
CREATE TABLE IF NOT EXISTS roles_${n} (id integer PRIMARY KEY, name text NOT NULL UNIQUE);
INSERT INTO roles_${n} (id, name) VALUES (1, 'admin'), (2, 'member') ON CONFLICT DO NOTHING;
`,
  },
  {
    python: (n) => `${HEADER('inspect before adding audit columns', 'import sqlalchemy as sa\nfrom alembic import op\nfrom sqlalchemy import inspect\n')}

def _has_column(table, column):
    return column in {c["name"] for c in inspect(op.get_bind()).get_columns(table)}


def upgrade():
    if not _has_column("audit_${n}", "actor_id"):
        op.add_column("audit_${n}", sa.Column("actor_id", sa.BigInteger(), nullable=True))
    op.execute("ALTER TABLE audit_${n} ADD COLUMN IF NOT EXISTS source text DEFAULT 'web'")


def downgrade():
    op.drop_column("audit_${n}", "source")
    op.drop_column("audit_${n}", "actor_id")
`,
    sql: (n) => `ALTER TABLE audit_${n} ADD COLUMN actor_id bigint;
ALTER TABLE audit_${n} ADD COLUMN IF NOT EXISTS source text DEFAULT 'web';
`,
  },
  {
    python: (n) => `${HEADER('merge point')}

def upgrade():
    pass


def downgrade():
    pass
`,
    sql: () => `SELECT 1;
`,
  },
];

/** File `number` of a linear history: its name, its Python, and the SQL it runs. */
export function handWrittenMigration(number, previous) {
  const template = TEMPLATES[number % TEMPLATES.length];
  const revision = `${(number * 2654435761 % 0xffffffffffff).toString(16).padStart(12, '0')}`;
  const python = template
    .python(number)
    .replaceAll('{revision}', revision)
    .replaceAll('{down}', previous ?? '')
    .replaceAll('{down_value}', previous ? `"${previous}"` : 'None');
  return { revision, file: `${revision}_change_${number}.py`, python, sql: template.sql(number) };
}
