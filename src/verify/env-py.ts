/** What verify can tell from a project's env.py without running it. */
export interface EnvPyHints {
  /** The environment variables it reads (os.environ[...], os.environ.get(...), os.getenv(...)), in order. */
  readonly variables: readonly string[];
  /** It runs migrations only on SQLAlchemy's asyncio engine (as `alembic init -t async` writes it), never on a sync one. */
  readonly async: boolean;
}

const READS = /\b(?:os\.)?(?:environ\s*\[\s*|environ\.get\(\s*|getenv\(\s*)(['"])([A-Za-z_][A-Za-z0-9_]*)\1/g;
const ASYNC_ENGINE = /\b(?:async_engine_from_config|create_async_engine)\(/;
const SYNC_ENGINE = /(?<!async_)\b(?:engine_from_config|create_engine)\(/;
const URL_LIKE = /URL|URI|DSN|DATABASE|(?:^|_)DB(?:_|$)/i;

export function readEnvPyHints(text: string): EnvPyHints {
  const variables = [...new Set([...text.matchAll(READS)].map((match) => match[2]!))];
  return { variables, async: ASYNC_ENGINE.test(text) && !SYNC_ENGINE.test(text) };
}

export interface UrlEnvChoice {
  readonly name: string;
  readonly reason: string;
}

/**
 * The environment variable verify hands the URL in (it also passes -x url= and sqlalchemy.url):
 * --url-env; else the one env.py reads that names a database URL (DATABASE_URL first); else
 * DATABASE_URL.
 */
export function chooseUrlEnv(explicit: string | undefined, hints: EnvPyHints | undefined): UrlEnvChoice {
  if (explicit !== undefined) return { name: explicit, reason: '--url-env' };
  const candidates = (hints?.variables ?? []).filter((name) => URL_LIKE.test(name));
  const name = candidates.includes('DATABASE_URL') ? 'DATABASE_URL' : candidates[0];
  if (name !== undefined) return { name, reason: 'env.py reads it' };
  return { name: 'DATABASE_URL', reason: 'the default' };
}
