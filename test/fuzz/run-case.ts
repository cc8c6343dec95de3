import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { historyFile, type FuzzCase } from './cases.js';

export interface CaseOutcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly root: string;
  readonly versions: string;
  /** Migration files (and other entries) before and after, dot files aside. */
  readonly before: Record<string, string>;
  readonly after: Record<string, string>;
  /** Dot files before and after the run: a new lock or temporary file would be a leak. */
  readonly dotFilesBefore: readonly string[];
  readonly leftovers: readonly string[];
}

let deadPid: number | undefined;
function pidOfAnEndedProcess(): number {
  deadPid ??= Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
  return deadPid;
}

/** Entries by what they are, never following links or opening FIFOs; dot files apart. */
function state(directory: string): { entries: Record<string, string>; dotFiles: string[] } {
  const entries: Record<string, string> = {};
  const dotFiles: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(directory).sort();
  } catch {
    return { entries, dotFiles };
  }
  for (const name of names) {
    const path = join(directory, name);
    const stats = lstatSync(path);
    if (name.startsWith('.')) dotFiles.push(name);
    else if (stats.isSymbolicLink()) entries[name] = `-> ${readlinkSync(path)}`;
    else if (!stats.isFile()) entries[name] = `mode ${stats.mode}`;
    else entries[name] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return { entries, dotFiles };
}

function setUpFilesystem(kind: FuzzCase['fs'], root: string, versions: string): string {
  switch (kind) {
    case 'directory-py':
      mkdirSync(join(versions, '900_dir.py'));
      break;
    case 'dangling-link':
      symlinkSync('gone.py', join(versions, '900_link.py'));
      break;
    case 'link-loop':
      symlinkSync('900_loop.py', join(versions, '900_loop.py'));
      break;
    case 'fifo':
      spawnSync('mkfifo', [join(versions, '900_fifo.py')]);
      break;
    case 'dead-lock':
      writeFileSync(join(versions, '.create-migration.lock'), `${pidOfAnEndedProcess()}\n${hostname()}\n`);
      break;
    case 'dead-temp':
      writeFileSync(join(versions, `.create-migration-tmp.${pidOfAnEndedProcess()}.0.0123456789ab.new.tmp`), 'half');
      break;
    case 'dir-is-file':
      writeFileSync(join(root, 'plain-file'), '');
      return 'plain-file';
    default:
      break;
  }
  return 'versions';
}

/** Lays out the case in a new directory and runs `generate` on it in this process (as the bin does). */
export async function runCase(testCase: FuzzCase): Promise<CaseOutcome> {
  const root = mkdtempSync(join(tmpdir(), 'cm-fuzz-'));
  const versions = join(root, 'versions');
  mkdirSync(versions);
  let previous: string | null = null;
  for (const [index, kind] of testCase.history.entries()) {
    const revision = `${String(index + 1).padStart(3, '0')}_h${index}`;
    writeFileSync(join(versions, `${revision}.py`), historyFile(kind, revision, previous));
    previous = revision;
  }
  const dir = setUpFilesystem(testCase.fs, root, versions);
  const specName = testCase.fs === 'spec-is-directory' ? 'spec-directory.json' : testCase.spec.name;
  if (testCase.fs === 'spec-is-directory') mkdirSync(join(root, specName));
  else writeFileSync(join(root, specName), testCase.spec.bytes);

  const before = state(versions);
  let stdout = '';
  let stderr = '';
  const code = await main(['generate', '--spec', specName, '--dir', dir, ...(testCase.dryRun ? ['--dry-run'] : [])], {
    cwd: root,
    env: { SOURCE_DATE_EPOCH: '1763812800', CI: 'true', CREATE_MIGRATION_LOCK_WAIT: '5' },
    stdinIsTTY: false,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    readStdin: () => Buffer.alloc(0),
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  const after = state(versions);
  return { code, stdout, stderr, root, versions, before: before.entries, after: after.entries, dotFilesBefore: before.dotFiles, leftovers: after.dotFiles };
}
