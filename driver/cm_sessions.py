"""The sessions of create-migration's Alembic driver (alembic_driver.py): the guard that keeps
env.py on the database it was given, the session carried from one env.py run to the next, the
driver's own connection, the version table's rows, and the catalog snapshot."""

import asyncio
import contextlib
import importlib.util
import os
import sys
from typing import ClassVar

HERE = os.path.dirname(os.path.abspath(__file__))
SNAPSHOT_SQL_FILE = os.path.join(HERE, "catalog-snapshot.sql")
SYNC_DRIVERS = ("psycopg2", "psycopg", "pg8000")
ASYNC_DRIVERS = ("asyncpg",)
LOG_LIMIT = 20000
DEFAULT_VERSION_TABLE = (None, "alembic_version")


class WrongDatabase(Exception):
    """env.py (or a migration) tried to connect to a database other than the one it was given."""


class Guard:
    expected = None
    installed = False

    @classmethod
    def expect(cls, url):
        from sqlalchemy.engine import make_url

        if not cls.installed:
            from sqlalchemy import event
            from sqlalchemy.engine import Engine

            event.listen(Engine, "do_connect", cls.check)
            cls.installed = True
        cls.expected = make_url(url).database

    @classmethod
    def check(cls, dialect, conn_rec, cargs, cparams):
        name = cparams.get("dbname") or cparams.get("database")
        if cls.expected is not None and name is not None and name != cls.expected:
            raise WrongDatabase(
                f'env.py connected to database "{name}" instead of the throwaway database '
                f'"{cls.expected}" it was given; make env.py take its URL from the environment '
                "variable verify sets (--url-env) or from -x url"
            )


class SharedConnections:
    """One database session per URL carried from one env.py run to the next, as a pool would:
    every step still builds its own engine from env.py, but its connection is the one the last
    step closed, reset to a new session's state with DISCARD ALL (temporary tables, settings,
    prepared statements and locks of the last step are gone). Opening a connection costs a
    backend start and authentication, often more than the step itself. Only while a step runs,
    and only for the sync drivers whose sessions survive their event loop (not asyncpg)."""

    active = False
    idle: ClassVar[dict] = {}
    managed: ClassVar[dict] = {}
    REUSED = ("psycopg2", "psycopg")

    @classmethod
    def install(cls):
        from sqlalchemy import event
        from sqlalchemy.engine import Engine, default

        if getattr(default.DefaultDialect, "_create_migration_shared", False):
            return
        original_close = default.DefaultDialect.do_close

        def do_close(dialect, dbapi_connection):
            key = cls.managed.pop(id(dbapi_connection), None)
            if key is not None and cls.active and cls.reset(dbapi_connection):
                cls.idle.setdefault(key, []).append(dbapi_connection)
                return
            original_close(dialect, dbapi_connection)

        def do_terminate(dialect, dbapi_connection):
            cls.managed.pop(id(dbapi_connection), None)
            original_close(dialect, dbapi_connection)

        default.DefaultDialect.do_close = do_close
        default.DefaultDialect.do_terminate = do_terminate
        default.DefaultDialect._create_migration_shared = True
        event.listen(Engine, "do_connect", cls.connect)

    @classmethod
    def connect(cls, dialect, conn_rec, cargs, cparams):
        if not cls.active or dialect.driver not in cls.REUSED or dialect.is_async:
            return None
        key = (dialect.driver, repr(cargs), repr(sorted(cparams.items())))
        waiting = cls.idle.get(key) or []
        connection = waiting.pop() if waiting else dialect.connect(*cargs, **cparams)
        cls.managed[id(connection)] = key
        return connection

    @staticmethod
    def reset(connection):
        """The connection as a new one comes: no transaction, no session state, the driver's own
        defaults (psycopg2 keeps the last engine's isolation level on the connection object)."""
        try:
            connection.rollback()
            connection.autocommit = True
            cursor = connection.cursor()
            cursor.execute("DISCARD ALL")
            cursor.close()
            # Out of autocommit first: the driver then keeps these for its next BEGIN instead of
            # sending a SET for each (DISCARD ALL has already reset the server's side).
            connection.autocommit = False
            if hasattr(connection, "set_session"):  # psycopg2
                connection.set_session(
                    isolation_level="DEFAULT", readonly="DEFAULT", deferrable="DEFAULT"
                )
            else:  # psycopg 3
                connection.isolation_level = None
                connection.read_only = None
                connection.deferrable = None
            return True
        except Exception:  # noqa: BLE001 (a broken session is closed instead)
            return False

    @classmethod
    def close_all(cls):
        for waiting in cls.idle.values():
            for connection in waiting:
                with contextlib.suppress(Exception):
                    connection.close()
        cls.idle.clear()


def installed(module):
    return importlib.util.find_spec(module) is not None


class Steps:
    """The version table env.py's context uses, as the last step run found it."""

    version_table = DEFAULT_VERSION_TABLE


# --- the driver's own connection ---------------------------------------------------------------


class Database:
    """This driver's own connection to one database, kept open for the whole run, through
    whichever PostgreSQL driver the project has (a sync one when there is one)."""

    open: ClassVar[dict] = {}

    @classmethod
    def of(cls, url):
        if url not in cls.open:
            cls.open[url] = Database(url)
        return cls.open[url]

    def __init__(self, url):
        from sqlalchemy.engine import make_url
        from sqlalchemy.pool import NullPool

        base = make_url(url)
        sync = next((name for name in SYNC_DRIVERS if installed(name)), None)
        asynchronous = next((name for name in ASYNC_DRIVERS if installed(name)), None)
        if sync is None and asynchronous is None:
            names = ", ".join(SYNC_DRIVERS + ASYNC_DRIVERS)
            raise RuntimeError(
                f"no PostgreSQL driver ({names}) is installed in {sys.executable}"
            )
        Guard.expect(str(base))
        options = {"isolation_level": "AUTOCOMMIT", "no_parameters": True}
        self.statements = {}
        if sync is not None:
            from sqlalchemy import create_engine

            self.loop = None
            self.engine = create_engine(
                base.set(drivername=f"postgresql+{sync}"), poolclass=NullPool
            )
            self.connection = self.engine.connect().execution_options(**options)
        else:
            from sqlalchemy.ext.asyncio import create_async_engine

            self.loop = asyncio.new_event_loop()
            self.engine = create_async_engine(
                base.set(drivername=f"postgresql+{asynchronous}"), poolclass=NullPool
            )
            connection = self.loop.run_until_complete(self.engine.connect())
            self.connection = self.loop.run_until_complete(
                connection.execution_options(**options)
            )

    def prepared(self, connection, name, sql):
        """Runs `sql` as the server-side prepared statement `name`, planned once for the whole
        run: planning the catalog snapshot costs about as much as a small schema's execution.
        psycopg2 alone sends every query as new text; psycopg 3, pg8000 and asyncpg prepare
        repeated queries themselves."""
        if self.engine.dialect.driver != "psycopg2":
            return connection.exec_driver_sql(sql)
        if self.statements.get(name) != sql:
            if name in self.statements:
                connection.exec_driver_sql(f"DEALLOCATE {name}")
            connection.exec_driver_sql(f"PREPARE {name} AS {sql}")
            self.statements[name] = sql
        return connection.exec_driver_sql(f"EXECUTE {name}")

    def run(self, work):
        if self.loop is None:
            return work(self.connection)
        return self.loop.run_until_complete(self.connection.run_sync(work))

    def script(self, statements):
        """Runs each text, which may hold several statements (asyncpg prepares what SQLAlchemy
        sends, which allows one: its own connection runs a script as one simple query)."""
        if self.loop is None:
            for statement in statements:
                self.connection.exec_driver_sql(statement)
            return

        async def work():
            raw = await self.connection.get_raw_connection()
            for statement in statements:
                await raw.driver_connection.execute(statement)

        self.loop.run_until_complete(work())


def literal(text):
    """An SQL string literal (standard_conforming_strings is on in every supported server)."""
    return "'" + text.replace("'", "''") + "'"


def quoted(connection, name):
    return connection.dialect.identifier_preparer.quote(name)


def version_table_name(connection):
    schema, name = Steps.version_table
    table = quoted(connection, name)
    return f"{quoted(connection, schema)}.{table}" if schema else table


def read_rows(url):
    """The version table's rows: the heads the database is at."""

    def work(connection):
        exists = connection.exec_driver_sql(
            f"SELECT to_regclass({literal(version_table_name(connection))}) IS NOT NULL"
        ).scalar()
        if not exists:
            return []
        rows = connection.exec_driver_sql(
            f"SELECT version_num FROM {version_table_name(connection)}"
        ).fetchall()
        return sorted(row[0] for row in rows)

    return Database.of(url).run(work)


def write_rows(url, rows):
    """Sets the version table to exactly `rows`, as `alembic stamp --purge` would."""

    def work(connection):
        table = version_table_name(connection)
        connection.exec_driver_sql(f"DELETE FROM {table}")
        for row in rows:
            connection.exec_driver_sql(
                f"INSERT INTO {table} (version_num) VALUES ({literal(row)})"
            )

    Database.of(url).run(work)


# --- catalog snapshots --------------------------------------------------------------------------

with open(SNAPSHOT_SQL_FILE, encoding="utf-8") as _file:
    SNAPSHOT_SQL = _file.read()


def take_snapshot(url):
    """The catalog document as canonical JSON text, leaving out the version table env.py uses."""

    def work(connection):
        schema, name = Steps.version_table
        where = f"n.nspname = {literal(schema)} AND " if schema else ""
        sql = SNAPSHOT_SQL.replace(
            "c.relname <> 'alembic_version'",
            f"NOT ({where}c.relname = {literal(name)} AND c.relkind = 'r')"
            if name != "alembic_version" or schema
            else "c.relname <> 'alembic_version'",
        )
        return Database.of(url).prepared(connection, "cm_catalog_snapshot", sql).scalar()

    return Database.of(url).run(work)
