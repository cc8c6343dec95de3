"""Runs Alembic steps inside a project's own Python for create-migration verify (and its tests).

One process serves many steps, which is much faster than one `alembic` process per step. Each
line on standard input is one JSON request; each answer is one JSON line on the original
standard output. Alembic runs in-process through its own command line (CommandLine), so the
project's alembic.ini, env.py and migrations are used exactly as `alembic` would use them.
Whatever Alembic, env.py or a migration prints goes to standard error or into the answer's
"log", never into the answers themselves.

Requests (every one may carry "stop_on_error": true, which ends the process after a failure):
  {"hello": true}
      -> versions of Python, Alembic and SQLAlchemy; the PostgreSQL drivers that are installed
  {"history": true, "config": "alembic.ini"}
      -> every revision, base first, with its down_revisions; the heads
  {"alembic": [args...], "config": ..., "url": ..., "url_env": "DATABASE_URL", "capture": bool}
      -> runs `alembic args...` with the URL in the environment variable url_env, in `-x url=`
         and as sqlalchemy.url; "output" is what it printed when capture is set (--sql)
  {"sql": [statement, ...], "url": ...}      -> runs each statement on its own, autocommit
  {"snapshot": label, "url": ..., "rows_sql": optional query}
      -> the catalog document of catalog-snapshot.sql (and the rows of rows_sql)
  {"autogenerate": true, "config": ..., "url": ..., "url_env": ..., "message": ...}
      -> Alembic's autogenerate comparison, described (autogenerate_bridge.py); nothing written

Every request that names a URL also refuses any connection to another database: a project
whose env.py ignores the URL it is given must not migrate some other database instead.
Failed answers are {"ok": false, "error": {"kind", "message", ...}}.
"""

import asyncio
import contextlib
import importlib.util
import io
import json
import os
import sys
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
SNAPSHOT_SQL_FILE = os.path.join(HERE, "catalog-snapshot.sql")
SYNC_DRIVERS = ("psycopg2", "psycopg", "pg8000")
ASYNC_DRIVERS = ("asyncpg",)
LOG_LIMIT = 20000


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


def installed(module):
    return importlib.util.find_spec(module) is not None


def hello(_request):
    import alembic
    import sqlalchemy
    from sqlalchemy.dialects import registry

    return {
        "python": sys.version.split()[0],
        "executable": sys.executable,
        "alembic": alembic.__version__,
        "sqlalchemy": sqlalchemy.__version__,
        "default_driver": registry.load("postgresql").driver,
        "drivers": [name for name in SYNC_DRIVERS + ASYNC_DRIVERS if installed(name)],
    }


def history(request):
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(Config(request["config"]))
    revisions = []
    for revision in script.walk_revisions("base", "heads"):
        down = revision.down_revision
        downs = [] if down is None else [down] if isinstance(down, str) else list(down)
        revisions.append(
            {
                "revision": revision.revision,
                "down_revisions": downs,
                "path": revision.path,
            }
        )
    revisions.reverse()
    return {"revisions": revisions, "heads": list(script.get_heads())}


def reuse_script_directories():
    """Every Alembic command reads all revision files again; one run never changes them, so the
    first reading of each alembic.ini is kept. env.py is still loaded afresh by every command."""
    from alembic.script import ScriptDirectory

    if getattr(ScriptDirectory, "_create_migration_cache", None) is not None:
        return
    read = ScriptDirectory.from_config.__func__
    cache = {}

    def from_config(cls, config):
        key = (cls, config.config_file_name, config.config_ini_section)
        if key not in cache:
            cache[key] = read(cls, config)
        return cache[key]

    ScriptDirectory._create_migration_cache = cache
    ScriptDirectory.from_config = classmethod(from_config)


def run_alembic(request, command=None):
    from alembic.config import CommandLine

    reuse_script_directories()
    url = request["url"]

    class Runner(CommandLine):
        def run_cmd(self, config, options):
            # For env.py files that read sqlalchemy.url from alembic.ini.
            config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
            if command is None:
                CommandLine.run_cmd(self, config, options)
            else:  # a command of its own, with Alembic's config (autogenerate_bridge.py)
                command(config, options)

    os.environ[request.get("url_env") or "DATABASE_URL"] = url
    Guard.expect(url)
    argv = [
        "-c",
        request["config"],
        "--raiseerr",
        "-x",
        f"url={url}",
        *request["alembic"],
    ]
    output, log = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(log):
            Runner(prog="alembic").main(argv=argv)
    except BaseException as error:
        error.driver_log = log.getvalue()
        raise
    return {
        "output": output.getvalue() if request.get("capture") else None,
        "log": log.getvalue()[-LOG_LIMIT:],
    }


class Database:
    """This driver's own connection, through whichever PostgreSQL driver the project has."""

    def __init__(self, url):
        from sqlalchemy.engine import make_url

        base = make_url(url)
        self.sync_driver = next(
            (name for name in SYNC_DRIVERS if installed(name)), None
        )
        self.async_driver = next(
            (name for name in ASYNC_DRIVERS if installed(name)), None
        )
        if self.sync_driver is None and self.async_driver is None:
            names = ", ".join(SYNC_DRIVERS + ASYNC_DRIVERS)
            raise RuntimeError(
                f"no PostgreSQL driver ({names}) is installed in {sys.executable}"
            )
        driver = self.sync_driver or self.async_driver
        self.url = base.set(drivername=f"postgresql+{driver}")
        Guard.expect(str(base))

    def run(self, work, autocommit=False):
        from sqlalchemy import create_engine
        from sqlalchemy.pool import NullPool

        def on(connection):
            options = {"no_parameters": True}
            if autocommit:
                options["isolation_level"] = "AUTOCOMMIT"
            return work(connection.execution_options(**options))

        if self.sync_driver is not None:
            engine = create_engine(self.url, poolclass=NullPool)
            try:
                with engine.connect() as connection:
                    return on(connection)
            finally:
                engine.dispose()
        return asyncio.run(self._run_async(on))

    async def _run_async(self, on):
        from sqlalchemy.ext.asyncio import create_async_engine
        from sqlalchemy.pool import NullPool

        engine = create_async_engine(self.url, poolclass=NullPool)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(on)
        finally:
            await engine.dispose()


def run_sql(request):
    def work(connection):
        for statement in request["sql"]:
            connection.exec_driver_sql(statement)

    Database(request["url"]).run(work, autocommit=True)
    return {}


def snapshot(request):
    with open(SNAPSHOT_SQL_FILE, encoding="utf-8") as file:
        snapshot_sql = file.read()
    rows_sql = request.get("rows_sql")

    def work(connection):
        document = json.loads(connection.exec_driver_sql(snapshot_sql).scalar())
        if rows_sql:
            rows = connection.exec_driver_sql(rows_sql).fetchall()
            document["rows"] = [[str(value) for value in row] for row in rows]
        return document

    return {
        "label": request["snapshot"],
        "snapshot": Database(request["url"]).run(work),
    }


def user_frame(error):
    """The innermost traceback frame outside site-packages: the migration or env.py line at fault."""
    frames = traceback.extract_tb(error.__traceback__)
    own = [
        f
        for f in frames
        if "site-packages" not in f.filename and f.filename != __file__
    ]
    frame = own[-1] if own else None
    return None if frame is None else {"file": frame.filename, "line": frame.lineno}


def describe(error):
    try:
        from sqlalchemy.exc import DBAPIError
    except ImportError:  # a Python without SQLAlchemy: the hello request says so
        DBAPIError = ()

    detail = {
        "traceback": traceback.format_exc()[-LOG_LIMIT:],
        "log": getattr(error, "driver_log", "")[-LOG_LIMIT:],
    }
    if isinstance(error, WrongDatabase):
        return {"kind": "wrong_database", "message": str(error), **detail}
    if isinstance(error, DBAPIError) and error.orig is not None:
        text = str(error.orig).strip()
        # asyncpg errors arrive adapted as "<class 'asyncpg.exceptions.X'>: message".
        if text.startswith("<class '") and "'>: " in text:
            text = text.split("'>: ", 1)[1]
        first, _, rest = text.partition("\n")
        return {
            "kind": "database",
            "message": first.strip(),
            "detail": rest.strip(),
            "statement": error.statement,
            **detail,
        }
    if type(error).__name__ == "CommandError":
        return {"kind": "alembic", "message": str(error), **detail}
    if isinstance(error, SystemExit):
        return {
            "kind": "alembic",
            "message": f"alembic exited with status {error.code}",
            **detail,
        }
    message = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return {
        "kind": "python",
        "message": message,
        "location": user_frame(error),
        **detail,
    }


def autogenerate(request):
    # No __pycache__ beside an installed driver; the project's own modules are left as they are.
    writes, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        import autogenerate_bridge
    finally:
        sys.dont_write_bytecode = writes
    return autogenerate_bridge.compare(request, run_alembic)


HANDLERS = {
    "hello": hello,
    "history": history,
    "alembic": run_alembic,
    "sql": run_sql,
    "snapshot": snapshot,
    "autogenerate": autogenerate,
}


def main():
    # Answers go to a private copy of standard output; file descriptor 1 becomes standard error,
    # so nothing a migration prints (even from C code) can corrupt an answer.
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        handler = next(HANDLERS[key] for key in HANDLERS if key in request)
        try:
            answer = {"ok": True, **handler(request)}
        except KeyboardInterrupt:
            return 130
        except BaseException as error:  # noqa: BLE001, RUF100 (SystemExit too)
            answer = {"ok": False, "error": describe(error)}
        answers.write(json.dumps(answer) + "\n")
        answers.flush()
        if not answer["ok"] and request.get("stop_on_error"):
            return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
