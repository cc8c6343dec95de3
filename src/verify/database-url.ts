import { UsageError } from '../errors.js';

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/** The scheme of a URL (`postgresql+asyncpg`), or undefined when it has none. */
export function urlScheme(url: string): string | undefined {
  return SCHEME.exec(url)?.[1];
}

export function withScheme(url: string, scheme: string): string {
  return url.replace(SCHEME, `${scheme}://`);
}

/** A libpq-style URL (postgresql://...) from one SQLAlchemy may carry (postgresql+psycopg2://...). */
export function libpqUrl(url: string): string {
  return withScheme(url, 'postgresql');
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(libpqUrl(url));
  parsed.pathname = `/${database}`;
  return withScheme(parsed.toString(), urlScheme(url) ?? 'postgresql');
}

/** For messages: the URL without its password. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(libpqUrl(url));
    if (parsed.password) parsed.password = '***';
    return withScheme(parsed.toString(), urlScheme(url) ?? 'postgresql');
  } catch {
    return '(unparsable URL)';
  }
}

/** --database-url: a PostgreSQL URL, checked before anything runs. */
export function parseServerUrl(value: string): string {
  const scheme = urlScheme(value);
  if (scheme === undefined || !/^postgres(ql)?(\+\w+)?$/.test(scheme)) {
    throw new UsageError(`--database-url must be a PostgreSQL URL (postgresql://user:password@host:port/database), not "${redactUrl(value)}"`);
  }
  try {
    new URL(libpqUrl(value));
  } catch {
    throw new UsageError(`--database-url "${redactUrl(value)}" is not a valid URL (percent-encode special characters in the password)`);
  }
  return libpqUrl(value);
}

export interface PythonDrivers {
  /** SQLAlchemy's driver for a bare postgresql:// URL: psycopg2 up to 2.0, psycopg from 2.1. */
  readonly defaultDriver: string;
  /** PostgreSQL drivers importable in the project's Python. */
  readonly drivers: readonly string[];
  /** greenlet, which SQLAlchemy's asyncio extension needs. */
  readonly greenlet: boolean;
}

/** What the project says about its URL besides the environment. */
export interface ProjectUrlHints {
  /** sqlalchemy.url of alembic.ini: only its scheme is used (the placeholder driver:// is not). */
  readonly configUrl?: string;
  /** env.py runs migrations on an async engine. */
  readonly asyncEnv: boolean;
}

export interface SchemeChoice {
  readonly scheme: string;
  readonly reason: string;
}

const ASYNC_DRIVERS = ['asyncpg', 'psycopg'];
const POSTGRES_SCHEME = /^postgres(ql)?(\+\w+)?$/;

/**
 * The scheme of the URL handed to env.py. env.py was written for the URLs the project normally
 * gets, so: the scheme asked for; else the scheme of the variable's current value (what the
 * project's own environment hands env.py); else the scheme of alembic.ini's sqlalchemy.url; else,
 * for an env.py on an async engine, an installed async driver; else a bare postgresql:// when
 * SQLAlchemy's default driver for it is installed; else the first installed driver.
 */
export function chooseUrlScheme(explicit: string | undefined, currentValue: string | undefined, urlEnv: string, python: PythonDrivers, hints: ProjectUrlHints = { asyncEnv: false }): SchemeChoice {
  if (explicit !== undefined) return { scheme: explicit, reason: '--url-scheme' };
  const current = currentValue === undefined ? undefined : urlScheme(currentValue);
  if (current !== undefined && POSTGRES_SCHEME.test(current)) return { scheme: current, reason: `the scheme of $${urlEnv}` };
  const configured = hints.configUrl === undefined ? undefined : urlScheme(hints.configUrl);
  if (configured !== undefined && POSTGRES_SCHEME.test(configured)) return { scheme: configured, reason: "the scheme of alembic.ini's sqlalchemy.url" };
  if (hints.asyncEnv) {
    const asyncDriver = ASYNC_DRIVERS.find((driver) => python.drivers.includes(driver));
    if (asyncDriver !== undefined) return { scheme: `postgresql+${asyncDriver}`, reason: `env.py runs on an async engine, and ${asyncDriver} is installed` };
    return { scheme: 'postgresql+asyncpg', reason: 'env.py runs on an async engine' };
  }
  if (python.drivers.includes(python.defaultDriver)) return { scheme: 'postgresql', reason: `SQLAlchemy's default driver (${python.defaultDriver}) is installed` };
  const installed = python.drivers[0];
  if (installed !== undefined) return { scheme: `postgresql+${installed}`, reason: `${installed} is the PostgreSQL driver installed` };
  return { scheme: 'postgresql', reason: 'no PostgreSQL driver found' };
}

/** The module a scheme's driver imports, and what pip installs it from. */
const DRIVER_PACKAGES: Readonly<Record<string, { readonly module: string; readonly pip: string; readonly async?: boolean }>> = {
  psycopg2: { module: 'psycopg2', pip: 'psycopg2-binary' },
  psycopg: { module: 'psycopg', pip: '"psycopg[binary]"' },
  psycopg_async: { module: 'psycopg', pip: '"psycopg[binary]"', async: true },
  asyncpg: { module: 'asyncpg', pip: 'asyncpg', async: true },
  pg8000: { module: 'pg8000', pip: 'pg8000' },
};

/**
 * Why the project's Python cannot connect with `choice` (its driver, or greenlet for an async
 * one, is not installed), as a message saying what to install; undefined when it can.
 */
export function missingDriver(choice: SchemeChoice, python: PythonDrivers & { readonly executable: string }): string | undefined {
  const driver = choice.scheme.includes('+') ? choice.scheme.slice(choice.scheme.indexOf('+') + 1) : python.defaultDriver;
  const wanted = DRIVER_PACKAGES[driver];
  if (wanted === undefined) return undefined;
  const why = `the URL scheme ${choice.scheme} (${choice.reason})`;
  if (!python.drivers.includes(wanted.module)) {
    return `${why} needs the ${wanted.module} driver, which ${python.executable} cannot import: install it in the project's environment (pip install ${wanted.pip}), or pass --url-scheme with an installed driver${python.drivers.length > 0 ? ` (${python.drivers.join(', ')})` : ''}`;
  }
  if (wanted.async === true && !python.greenlet) {
    return `${why} runs on SQLAlchemy's asyncio extension, which needs greenlet, and ${python.executable} cannot import it: pip install greenlet`;
  }
  return undefined;
}
