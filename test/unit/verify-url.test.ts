import { describe, expect, it } from 'vitest';
import { chooseUrlScheme, missingDriver, parseServerUrl, redactUrl, withDatabase, withScheme } from '../../src/verify/database-url.js';
import { chooseUrlEnv, readEnvPyHints } from '../../src/verify/env-py.js';

describe('database URLs', () => {
  it('swaps the database and the scheme, keeping credentials and options', () => {
    expect(withDatabase('postgresql://u:p%40ss@db.example:6543/app?sslmode=require', 'cm_verify_1')).toBe('postgresql://u:p%40ss@db.example:6543/cm_verify_1?sslmode=require');
    expect(withScheme('postgresql://u@h/d', 'postgresql+asyncpg')).toBe('postgresql+asyncpg://u@h/d');
  });

  it('hides the password in messages', () => {
    expect(redactUrl('postgresql+psycopg2://u:secret@h:5432/d')).toBe('postgresql+psycopg2://u:***@h:5432/d');
  });

  it('accepts PostgreSQL URLs for --database-url and refuses others', () => {
    expect(parseServerUrl('postgresql+psycopg2://u:p@h/postgres')).toBe('postgresql://u:p@h/postgres');
    expect(() => parseServerUrl('mysql://u@h/d')).toThrow('--database-url must be a PostgreSQL URL');
    expect(() => parseServerUrl('localhost:5432')).toThrow('--database-url must be a PostgreSQL URL');
  });
});

describe('chooseUrlScheme', () => {
  const sqlalchemy21 = { defaultDriver: 'psycopg', drivers: ['psycopg2'], greenlet: false };

  it('takes --url-scheme first, then the scheme of the variable the project sets', () => {
    expect(chooseUrlScheme('postgresql+asyncpg', 'postgresql+psycopg2://x@h/d', 'DATABASE_URL', sqlalchemy21).scheme).toBe('postgresql+asyncpg');
    expect(chooseUrlScheme(undefined, 'postgresql+asyncpg://x@h/d', 'DATABASE_URL', sqlalchemy21)).toEqual({ scheme: 'postgresql+asyncpg', reason: 'the scheme of $DATABASE_URL' });
  });

  it('uses a bare postgresql:// only when SQLAlchemy would find its default driver', () => {
    expect(chooseUrlScheme(undefined, undefined, 'DATABASE_URL', { defaultDriver: 'psycopg2', drivers: ['psycopg2'], greenlet: false }).scheme).toBe('postgresql');
    // SQLAlchemy 2.1 reads postgresql:// as psycopg 3; with only psycopg2 installed, name it.
    expect(chooseUrlScheme(undefined, undefined, 'DATABASE_URL', sqlalchemy21).scheme).toBe('postgresql+psycopg2');
    expect(chooseUrlScheme(undefined, 'not a url', 'DATABASE_URL', { defaultDriver: 'psycopg', drivers: ['asyncpg'], greenlet: true }).scheme).toBe('postgresql+asyncpg');
  });
});

describe("the project's own URL", () => {
  const both = { defaultDriver: 'psycopg2', drivers: ['psycopg2', 'asyncpg'], greenlet: true };

  it("takes the scheme of alembic.ini's sqlalchemy.url, but not alembic init's placeholder", () => {
    expect(chooseUrlScheme(undefined, undefined, 'DATABASE_URL', both, { configUrl: 'postgresql+asyncpg://u@h/app', asyncEnv: false })).toEqual({ scheme: 'postgresql+asyncpg', reason: "the scheme of alembic.ini's sqlalchemy.url" });
    expect(chooseUrlScheme(undefined, undefined, 'DATABASE_URL', both, { configUrl: 'driver://user:pass@localhost/dbname', asyncEnv: false }).scheme).toBe('postgresql');
  });

  it('keeps an env.py on an async engine async, even when psycopg2 is installed', () => {
    expect(chooseUrlScheme(undefined, undefined, 'DATABASE_URL', both, { asyncEnv: true })).toEqual({ scheme: 'postgresql+asyncpg', reason: 'env.py runs on an async engine, and asyncpg is installed' });
  });

  it('says which driver to install when the chosen one is missing', () => {
    const python = { defaultDriver: 'psycopg2', drivers: ['psycopg2'], greenlet: false, executable: '/venv/bin/python' };
    const choice = chooseUrlScheme(undefined, undefined, 'DATABASE_URL', python, { asyncEnv: true });
    expect(missingDriver(choice, python)).toBe(
      'the URL scheme postgresql+asyncpg (env.py runs on an async engine) needs the asyncpg driver, which /venv/bin/python cannot import: install it in the project\'s environment (pip install asyncpg), or pass --url-scheme with an installed driver (psycopg2)',
    );
    expect(missingDriver({ scheme: 'postgresql+asyncpg', reason: '--url-scheme' }, { ...python, drivers: ['asyncpg'] })).toMatch(/needs greenlet, .* pip install greenlet$/);
    expect(missingDriver({ scheme: 'postgresql', reason: 'x' }, python)).toBeUndefined();
  });

  it('finds the variable env.py reads the URL from', () => {
    const hints = readEnvPyHints('import os\nurl = os.environ.get("APP_DB_URL") or os.getenv(\'HOME\')\nengine = async_engine_from_config(cfg)\n');
    expect(hints).toEqual({ variables: ['APP_DB_URL', 'HOME'], async: true });
    // An env.py with both engines (as init writes it) picks by the URL: not async-only.
    expect(readEnvPyHints('create_async_engine(url)\ncreate_engine(url)\n').async).toBe(false);
    expect(chooseUrlEnv(undefined, hints)).toEqual({ name: 'APP_DB_URL', reason: 'env.py reads it' });
    expect(chooseUrlEnv(undefined, readEnvPyHints('os.environ["SECRET"]; os.environ["DATABASE_URL"]; os.environ["DB_URI"]'))).toEqual({ name: 'DATABASE_URL', reason: 'env.py reads it' });
    expect(chooseUrlEnv(undefined, readEnvPyHints('settings.url'))).toEqual({ name: 'DATABASE_URL', reason: 'the default' });
    expect(chooseUrlEnv('MY_URL', hints)).toEqual({ name: 'MY_URL', reason: '--url-env' });
  });
});
