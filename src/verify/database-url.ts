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
}

export interface SchemeChoice {
  readonly scheme: string;
  readonly reason: string;
}

/**
 * The scheme of the URL handed to env.py. env.py was written for the URLs the project normally
 * gets, so: the scheme asked for; else the scheme of the variable's current value (what the
 * project's own environment hands env.py); else a bare postgresql:// when SQLAlchemy's default
 * driver for it is installed; else the first installed driver, sync ones first.
 */
export function chooseUrlScheme(explicit: string | undefined, currentValue: string | undefined, urlEnv: string, python: PythonDrivers): SchemeChoice {
  if (explicit !== undefined) return { scheme: explicit, reason: '--url-scheme' };
  const current = currentValue === undefined ? undefined : urlScheme(currentValue);
  if (current !== undefined && /^postgres/.test(current)) return { scheme: current, reason: `the scheme of $${urlEnv}` };
  if (python.drivers.includes(python.defaultDriver)) return { scheme: 'postgresql', reason: `SQLAlchemy's default driver (${python.defaultDriver}) is installed` };
  const installed = python.drivers[0];
  if (installed !== undefined) return { scheme: `postgresql+${installed}`, reason: `${installed} is the PostgreSQL driver installed` };
  return { scheme: 'postgresql', reason: 'no PostgreSQL driver found' };
}
