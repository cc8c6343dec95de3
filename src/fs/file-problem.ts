import type { Stats } from 'node:fs';

/** A file that cannot be used as it is, with the reason in a user's words (`is a directory`). */
export class FileProblem extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    /** The system call's error code, when one failed (`ENOENT`). */
    readonly code?: string,
  ) {
    super(`${path} ${reason}`);
    this.name = 'FileProblem';
  }
}

const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  EFBIG: 'the file would be larger than this process may write',
  ELOOP: 'too many levels of symbolic links (a link loop?)',
  ENOENT: 'does not exist (or is a symbolic link to nothing)',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'is a directory',
  ENAMETOOLONG: 'the name is too long',
  EIO: 'an input/output error',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EBUSY: 'the file is busy',
  ETXTBSY: 'the file is busy',
  EEXIST: 'already exists',
  ENXIO: 'no such device',
};

/** The words for a failed file system call (`permission denied (EACCES)`), from its error code. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = code !== undefined ? REASONS[code] : undefined;
  if (reason !== undefined) return `${reason} (${code})`;
  return (error as Error | undefined)?.message ?? String(error);
}

/** Whether `error` is a failed system call (it has an errno code), rather than a bug. */
export function isFsError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/** What a path that is not a regular file is instead. */
export function describeFileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}
