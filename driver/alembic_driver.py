"""Runs Alembic steps inside a project's own Python for create-migration verify (and its tests).

One process serves many steps, which is much faster than one `alembic` process per step. Each
line on standard input is one JSON request; each answer is one JSON line on the original
standard output. Every step runs the project's own env.py through Alembic's own machinery
(EnvironmentContext, run_env, RevisionStep), with the project's alembic.ini and pyproject.toml,
exactly as `alembic upgrade` would run it. Whatever Alembic, env.py or a migration prints goes
to standard error or into the answer's "log", never into the answers themselves.

The configuration: every request that reads the history names {"ini": path or null, "toml":
path or null} (pyproject.toml is read from Alembic 1.16 on), and may name "section", the ini
section `alembic -n` would read (default "alembic"); Alembic runs in this process's working
directory, as the `alembic` command would.

Requests (every one may carry "stop_on_error": true, which ends the process after a failure):
  {"hello": true}
      -> versions of Python, Alembic and SQLAlchemy; the PostgreSQL drivers installed
  {"history": true, "ini", "toml"}
      -> every revision in the order `alembic upgrade heads` applies them, with its
         down_revisions, dependencies and branch labels; the heads
  {"alembic": [args...], "ini", "toml", "url", "url_env", "capture": bool}
      -> runs `alembic args...` through Alembic's command line; "output" is what it printed
         when capture is set (--sql)
  {"steps": [[revision, "up" | "down"], ...], "ini", "toml", "url", "url_env"}
      -> one env.py run applying exactly these migration steps, in order
  {"cycle": revision, "ini", "toml", "url", "url_env", "offline": bool}
      -> the proof of one migration, from the database at its parents: upgrade; the version
         table set back and upgrade again; downgrade; the version table set forward and
         downgrade again; upgrade again. Each step's catalog snapshot is compared here: an
         answer carries a snapshot only where it differs from what it must equal (see cycle())
  {"snapshot": label, "url", "rows_sql": optional query, "compare_to": optional label}
      -> the catalog document of catalog-snapshot.sql (and the rows of rows_sql); with
         compare_to, only whether it equals that snapshot of the last cycle (and both if not)
  {"sql": [statement, ...], "url"}      -> runs each statement on its own, autocommit
  {"autogenerate": true, "ini", "toml", "url", "url_env", "message"}
      -> Alembic's autogenerate comparison, described (autogenerate_bridge.py); nothing written

In every step the URL is in the environment variable url_env, in `-x url=` and in
sqlalchemy.url, so an env.py that reads any of them gets it. Every request that names a URL also
refuses any connection to another database: a project whose env.py ignores the URL it is given
must not migrate some other database instead. Failed answers are {"ok": false, "error": {"kind",
"message", ...}}.
"""

import argparse
import contextlib
import inspect
import io
import json
import os
import sys
import traceback

from cm_sessions import (
    ASYNC_DRIVERS,
    SYNC_DRIVERS,
    Database,
    Guard,
    SharedConnections,
    Steps,
    WrongDatabase,
    installed,
    read_rows,
    take_snapshot,
    write_rows,
)

LOG_LIMIT = 20000


class StepFailed(Exception):
    """A step of a cycle failed; carries the step's name and the error's description."""

    def __init__(self, step, error):
        super().__init__(step)
        self.step = step
        self.error = error


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
        "greenlet": installed("greenlet"),
    }


# --- Alembic's configuration and history ------------------------------------------------------


def toml_supported():
    from alembic.config import Config

    return "toml_file" in inspect.signature(Config.__init__).parameters


def ini_section(request):
    """The ini section of the request, as `alembic -n` names it."""
    return request.get("section") or "alembic"


def config_files(request):
    """The -c arguments of Alembic's command line for the request's files."""
    files = []
    if request.get("ini"):
        files.append(request["ini"])
    if request.get("toml") and toml_supported():
        files.append(request["toml"])
    return files


def make_config(request, url=None):
    """A Config as Alembic's command line makes one, with -x url=URL when there is a URL."""
    from alembic.config import Config

    ini = request.get("ini") or "alembic.ini"
    extra = (
        {"toml_file": request["toml"]}
        if request.get("toml") and toml_supported()
        else {}
    )
    options = argparse.Namespace(
        config=config_files(request),
        name=ini_section(request),
        x=[f"url={url}"] if url else [],
        raiseerr=True,
        quiet=False,
        verbose=False,
        sql=False,
        tag=None,
    )
    config = Config(ini, ini_section=ini_section(request), cmd_opts=options, **extra)
    if url:
        # For env.py files that read sqlalchemy.url from alembic.ini.
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


SCRIPTS = {}


def script_directory(request):
    """Every Alembic command reads all revision files again; one run never changes them, so the
    first reading of each configuration is kept. env.py is still loaded afresh by every step."""
    from alembic.script import ScriptDirectory

    key = (request.get("ini"), request.get("toml"), ini_section(request))
    if key not in SCRIPTS:
        SCRIPTS[key] = ScriptDirectory.from_config(make_config(request))
    return SCRIPTS[key]


def as_list(value):
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def history(request):
    script = script_directory(request)
    steps = script._upgrade_revs("heads", ())
    revisions = []
    for step in steps:
        revision = step.revision
        revisions.append(
            {
                "revision": revision.revision,
                "down_revisions": as_list(revision.down_revision),
                "dependencies": as_list(revision.dependencies),
                "branch_labels": sorted(revision.branch_labels),
                "path": revision.path,
            }
        )
    return {"revisions": revisions, "heads": list(script.get_heads())}


# --- running steps through env.py --------------------------------------------------------------


def run_env(request, url, fn, as_sql=False, starting_rev=None, output=None):
    """Runs the project's env.py once with `fn` as the migration function, as Alembic's upgrade
    and downgrade commands do; returns what Alembic, env.py and the migrations printed."""
    from alembic.runtime.environment import EnvironmentContext

    os.environ[request.get("url_env") or "DATABASE_URL"] = url
    Guard.expect(url)
    SharedConnections.install()
    config = make_config(request, url)
    config.output_buffer = output
    script = script_directory(request)
    log = io.StringIO()
    SharedConnections.active = not as_sql
    try:
        # Nested, not parenthesized: the driver runs on the project's Python, which may be 3.8.
        with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):  # noqa: SIM117
            with EnvironmentContext(
                config,
                script,
                fn=fn,
                as_sql=as_sql,
                starting_rev=starting_rev,
                tag=None,
            ) as environment:
                script.run_env()
                context = (
                    environment.get_context()
                    if environment._migration_context is not None
                    else None
                )
                if context is not None and not as_sql:
                    table = context._version
                    Steps.version_table = (table.schema, table.name)
    except BaseException as error:
        error.driver_log = log.getvalue()
        raise
    finally:
        SharedConnections.active = False
    return log.getvalue()[-LOG_LIMIT:]


def migration_steps(request, pairs):
    from alembic.runtime.migration import MigrationStep

    script = script_directory(request)
    steps = []
    for revision, direction in pairs:
        found = script.get_revision(revision)
        make = (
            MigrationStep.upgrade_from_script
            if direction == "up"
            else MigrationStep.downgrade_from_script
        )
        steps.append(make(script.revision_map, found))
    return steps


def run_steps(request, url, pairs):
    steps = migration_steps(request, pairs)
    return run_env(request, url, lambda _heads, _context: steps)


def steps_request(request):
    return {"log": run_steps(request, request["url"], request["steps"])}


def run_alembic(request, command=None):
    from alembic.config import CommandLine

    url = request["url"]

    class Runner(CommandLine):
        def run_cmd(self, config, options):
            config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
            if command is None:
                CommandLine.run_cmd(self, config, options)
            else:  # a command of its own, with Alembic's config (autogenerate_bridge.py)
                command(config, options)

    os.environ[request.get("url_env") or "DATABASE_URL"] = url
    Guard.expect(url)
    argv = [arg for path in config_files(request) for arg in ("-c", path)]
    argv += ["-n", ini_section(request), "--raiseerr", "-x", f"url={url}", *request["alembic"]]
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


def run_sql(request):
    Database.of(request["url"]).script(request["sql"])
    return {}


LAST = {}


def snapshot(request):
    rows_sql = request.get("rows_sql")
    text = take_snapshot(request["url"])
    compare_to = request.get("compare_to")
    if compare_to is not None:
        expected = LAST.get(compare_to)
        if expected == text:
            return {"label": request["snapshot"], "same": True}
        return {
            "label": request["snapshot"],
            "same": False,
            "snapshot": json.loads(text),
            "expected": json.loads(expected) if expected is not None else None,
        }
    document = json.loads(text)
    if rows_sql:

        def work(connection):
            return connection.exec_driver_sql(rows_sql).fetchall()

        rows = Database.of(request["url"]).run(work)
        document["rows"] = [[str(value) for value in row] for row in rows]
    return {"label": request["snapshot"], "snapshot": document}


# --- the cycle of one migration ----------------------------------------------------------------


def cycle(request):
    """Upgrade; version table back to the parents and upgrade again; downgrade; version table
    forward and downgrade again; upgrade again: each step through env.py, each followed by a
    snapshot. The snapshot before is the one after the previous cycle's last step (the database
    has not changed since). Snapshots that equal what they must equal are not sent: "same" maps
    each to the one it equals; a snapshot that differs is sent with the one it must equal."""
    url = request["url"]
    revision = request["cycle"]
    texts = {}
    same = {}
    # What each snapshot must equal: a downgrade gives back the schema from before the upgrade,
    # every upgrade the first upgrade's schema.
    expected = {
        "re-upgrade": "upgrade",
        "downgrade": "before",
        "re-downgrade": "before",
        "upgrade again": "upgrade",
    }

    def step(name, direction):
        try:
            run_steps(request, url, [(revision, direction)])
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # noqa: BLE001, RUF100 (SystemExit too)
            raise StepFailed(name, describe(error)) from error

    def shot(name):
        texts[name] = take_snapshot(url)
        wanted = expected.get(name)
        if wanted is not None and texts.get(wanted) == texts[name]:
            same[name] = wanted

    before_rows = read_rows(url)
    texts["before"] = LAST.get("upgrade again") if LAST.get("url") == url else None
    if texts["before"] is None:
        texts["before"] = take_snapshot(url)
    failure = None
    after_rows = None
    try:
        step("upgrade", "up")
        shot("upgrade")
        after_rows = read_rows(url)
        write_rows(url, before_rows)
        step("re-upgrade", "up")
        shot("re-upgrade")
        step("downgrade", "down")
        shot("downgrade")
        write_rows(url, after_rows)
        step("re-downgrade", "down")
        shot("re-downgrade")
        step("upgrade again", "up")
        shot("upgrade again")
    except StepFailed as failed:
        failure = {"step": failed.step, "error": failed.error}

    LAST.clear()
    if failure is None:
        LAST.update(
            {
                "url": url,
                "upgrade": texts["upgrade"],
                "upgrade again": texts["upgrade again"],
            }
        )
    # Sent: each snapshot that differs from what it must equal, and what it must equal.
    needed = set()
    for name, wanted in expected.items():
        if name in texts and name not in same:
            needed.update((name, wanted))
    sent = {name: json.loads(texts[name]) for name in needed if name in texts}
    answer = {
        "taken": list(texts),
        "snapshots": sent,
        "same": same,
        "schema_changed": None
        if "upgrade" not in texts
        else texts["upgrade"] != texts["before"],
        "failure": failure,
        "rows": {"before": before_rows, "after": after_rows},
    }
    if request.get("offline") and failure is None:
        try:
            answer["offline_sql"] = offline_sql(request, before_rows, revision)
        except StepFailed as failed:
            answer["failure"] = {"step": failed.step, "error": failed.error}
    return answer


def offline_sql(request, starting, revision):
    """`alembic upgrade --sql` of exactly this migration, from the heads the database was at."""
    output = io.StringIO()
    steps = migration_steps(request, [(revision, "up")])
    try:
        run_env(
            request,
            request["url"],
            lambda _heads, _context: steps,
            as_sql=True,
            starting_rev=starting or None,
            output=output,
        )
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # noqa: BLE001, RUF100
        raise StepFailed("offline", describe(error)) from error
    return output.getvalue()


# --- errors ------------------------------------------------------------------------------------


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

    if isinstance(error, StepFailed):
        return error.error
    detail = {
        "traceback": "".join(
            traceback.format_exception(type(error), error, error.__traceback__)
        )[-LOG_LIMIT:],
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
    "steps": steps_request,
    "cycle": cycle,
    "sql": run_sql,
    "snapshot": snapshot,
    "autogenerate": autogenerate,
}


def die_with_parent():
    """On Linux, end with the process that started this one (verify killed with SIGKILL), so no
    driver goes on migrating a database nobody reads the answers of."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def main():
    die_with_parent()
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
