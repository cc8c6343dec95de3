import { describe, expect, it } from 'vitest';
import { chooseUrlScheme, parseServerUrl, redactUrl, withDatabase, withScheme } from '../../src/verify/database-url.js';

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
  const sqlalchemy21 = { defaultDriver: 'psycopg', drivers: ['psycopg2'] };

  it('takes --url-scheme first, then the scheme of the variable the project sets', () => {
    expect(chooseUrlScheme('postgresql+asyncpg', 'postgresql+psycopg2://x@h/d', 'DATABASE_URL', sqlalchemy21).scheme).toBe('postgresql+asyncpg');
    expect(chooseUrlScheme(undefined, 'postgresql+asyncpg://x@h/d', 'DATABASE_URL', sqlalchemy21)).toEqual({ scheme: 'postgresql+asyncpg', reason: 'the scheme of $DATABASE_URL' });
  });

  it('uses a bare postgresql:// only when SQLAlchemy would find its default driver', () => {
    expect(chooseUrlScheme(undefined, undefined, 'DATABASE_URL', { defaultDriver: 'psycopg2', drivers: ['psycopg2'] }).scheme).toBe('postgresql');
    // SQLAlchemy 2.1 reads postgresql:// as psycopg 3; with only psycopg2 installed, name it.
    expect(chooseUrlScheme(undefined, undefined, 'DATABASE_URL', sqlalchemy21).scheme).toBe('postgresql+psycopg2');
    expect(chooseUrlScheme(undefined, 'not a url', 'DATABASE_URL', { defaultDriver: 'psycopg', drivers: ['asyncpg'] }).scheme).toBe('postgresql+asyncpg');
  });
});
