import fs from 'node:fs';
import path from 'node:path';
import { XiaoniuError } from '../shared/errors';
import { MAX_PACK_BYTES } from '../packs/types';

/**
 * The CLI's file handling, for both areas (phrase packs, chat history): input is read only from a
 * regular file, and an export only ever replaces a regular file — never a directory, a device (`/dev/stdout` on a terminal, `/dev/null`),
 * a FIFO or a socket, which a rename would silently swap for a plain file (or, as root, plant a
 * file in /dev).
 */

/**
 * The `reason` for a file that is not a regular one, as the catalogue's `reasons` section names
 * it (`EISDIR` is the system's own code; the others are ours for kinds no errno describes).
 */
function kindReason(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'EISDIR';
  if (stat.isFIFO()) return 'EFIFO';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'EDEVICE';
  if (stat.isSocket()) return 'ESOCKET';
  return 'ENOTFILE';
}

/** `cli.cannotRead` {file, reason} for what the system threw (its errno code; `EIO` without one). */
function cannotRead(file: string, e: unknown): XiaoniuError {
  return new XiaoniuError('cli.cannotRead', { file, reason: (e as NodeJS.ErrnoException)?.code ?? 'EIO' });
}

/** `cli.cannotWrite` {file, reason}, likewise. */
function cannotWrite(file: string, e: unknown): XiaoniuError {
  return new XiaoniuError('cli.cannotWrite', { file, reason: (e as NodeJS.ErrnoException)?.code ?? 'EIO' });
}

/**
 * Opens `file` for reading when it is a regular file. It is looked at before it is opened (opening
 * some devices does something), opened without blocking (a FIFO swapped in meanwhile would
 * otherwise wait for a writer forever) and checked again through the descriptor, so what is read
 * is the regular file that was checked. Throws `cli.cannotRead` {file, reason}.
 */
function openRegularFile(file: string): { fd: number; size: number } {
  let fd: number;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new XiaoniuError('cli.cannotRead', { file, reason: kindReason(stat) });
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    if (e instanceof XiaoniuError) throw e;
    throw cannotRead(file, e);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new XiaoniuError('cli.cannotRead', { file, reason: kindReason(stat) });
    return { fd, size: stat.size };
  } catch (e) {
    fs.closeSync(fd);
    if (e instanceof XiaoniuError) throw e;
    throw cannotRead(file, e);
  }
}

/**
 * Reads a pack from `file`. Throws `cli.cannotRead` {file, reason} when it is not a regular file
 * (a device or FIFO such as /dev/zero would never end) or cannot be read, and `pack.tooLarge` past
 * {@link MAX_PACK_BYTES} — both before reading a byte.
 */
export function readPackFile(file: string): Uint8Array {
  const { fd, size } = openRegularFile(file);
  try {
    if (size > MAX_PACK_BYTES) throw new XiaoniuError('pack.tooLarge');
    return new Uint8Array(fs.readFileSync(fd));
  } catch (e) {
    if (e instanceof XiaoniuError) throw e;
    throw cannotRead(file, e);
  } finally {
    fs.closeSync(fd);
  }
}

/** A regular file being read piece by piece (see {@link openInputFile}). */
export interface InputFile {
  /** Fills the start of `into`; returns how many bytes, 0 at the end. Throws `cli.cannotRead` {file, reason}. */
  read(into: Uint8Array): number;
  /** Closes the file; a second call does nothing. */
  close(): void;
}

/**
 * Opens `file` to be read piece by piece — a chat history of hundreds of MB is never held whole.
 * Only a regular file is opened, as {@link readPackFile} reads one. Throws `cli.cannotRead` {file,
 * reason}, at once for a file that is not a regular one or cannot be opened.
 */
export function openInputFile(file: string): InputFile {
  const { fd } = openRegularFile(file);
  let open = true;
  return {
    read(into) {
      try {
        return fs.readSync(fd, into, 0, into.length, null);
      } catch (e) {
        throw cannotRead(file, e);
      }
    },
    close() {
      if (open) fs.closeSync(fd);
      open = false;
    },
  };
}

/** Where an export will be written, as {@link exportTarget} decided it. */
export interface ExportTarget {
  /** The path whose directory entry is replaced: `file` itself, or the regular file its link names. */
  path: string;
  /** Permission bits of the file being replaced (kept on the new one), or null for a new file. */
  mode: number | null;
}

/**
 * Decides where exporting to `file` writes, before any work is done:
 *
 * - nothing there yet: a new file, if its folder exists;
 * - a regular file: replaced, keeping its permission bits (an export of the agent's phrases to a
 *   private 0600 file stays private);
 * - a symbolic link to a regular file: the file the link names is replaced and the link is kept —
 *   replacing the link itself would cut it from whatever it was for (a synced folder, a shared
 *   drive); a link to anything else is judged by what it points to, and a dangling one is refused;
 * - anything else — a directory, a device, a FIFO, a socket — is refused.
 *
 * Throws `cli.exportTarget` {file, reason} (reason `EISDIR`, `EDEVICE`, `EFIFO`, `ESOCKET`,
 * `ENOTFILE`, `EDANGLINGLINK`) for a target it will not replace, and `cli.cannotWrite` {file,
 * reason} when the folder is missing or cannot be inspected.
 */
export function exportTarget(file: string): ExportTarget {
  let link: fs.Stats;
  try {
    link = fs.lstatSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    if (code !== 'ENOENT') throw new XiaoniuError('cli.cannotWrite', { file, reason: code });
    const dir = path.dirname(path.resolve(file));
    let parent: fs.Stats;
    try {
      parent = fs.statSync(dir);
    } catch (e2) {
      throw new XiaoniuError('cli.cannotWrite', { file, reason: (e2 as NodeJS.ErrnoException).code ?? 'EIO' });
    }
    if (!parent.isDirectory()) throw new XiaoniuError('cli.cannotWrite', { file, reason: 'ENOTDIR' });
    return { path: file, mode: null };
  }
  if (link.isFile()) return { path: file, mode: link.mode & 0o7777 };
  if (!link.isSymbolicLink()) throw new XiaoniuError('cli.exportTarget', { file, reason: kindReason(link) });
  let target: fs.Stats;
  let real: string;
  try {
    target = fs.statSync(file);
    real = fs.realpathSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    throw new XiaoniuError('cli.exportTarget', { file, reason: code === 'ENOENT' ? 'EDANGLINGLINK' : code });
  }
  if (!target.isFile()) throw new XiaoniuError('cli.exportTarget', { file, reason: kindReason(target) });
  return { path: real, mode: target.mode & 0o7777 };
}

/** Where an export's pieces go, in order: bytes, or text written as UTF-8. */
export type ExportSink = (chunk: string | Uint8Array) => void;

/** Writes all of `bytes` at the descriptor's position (one `writeSync` may write only part). */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at, bytes.length - at);
}

/**
 * Writes the export `file` from what `produce` hands its sink, and returns what `produce` returns.
 * The target is decided by {@link exportTarget} (again, just before writing, so a directory or FIFO
 * that appeared meanwhile is still refused); the pieces go to a temporary file beside it, which is
 * renamed over it once `produce` has returned — so a failed or refused export never leaves half a
 * file, and the old file stays until the new one is complete. The sink writes straight through:
 * an export of a million messages is never held whole.
 *
 * Throws what `exportTarget` throws, `cli.cannotWrite` {file, reason} when writing fails, and
 * whatever `produce` throws (a rule the export breaks, such as an unknown buyer) — in every case
 * the temporary file is removed and `file` is untouched.
 */
export function writeExportStream<T>(file: string, produce: (write: ExportSink) => T): T {
  const target = exportTarget(file);
  const tmp = `${target.path}.${process.pid}.tmp`;
  let fd: number;
  try {
    // `wx`: never through whatever might already sit at the temporary name (a planted link).
    fd = fs.openSync(tmp, 'wx', target.mode ?? 0o666);
  } catch (e) {
    throw cannotWrite(file, e);
  }
  let closed = false;
  let renamed = false;
  try {
    const result = produce((chunk) => {
      try {
        writeAll(fd, typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
      } catch (e) {
        throw cannotWrite(file, e);
      }
    });
    try {
      if (target.mode !== null) fs.fchmodSync(fd, target.mode);
      closed = true;
      fs.closeSync(fd);
      fs.renameSync(tmp, target.path);
    } catch (e) {
      throw cannotWrite(file, e);
    }
    renamed = true;
    return result;
  } finally {
    if (!closed) fs.closeSync(fd);
    if (!renamed) fs.rmSync(tmp, { force: true });
  }
}

/** Writes `bytes` as the export `file`, as {@link writeExportStream} writes. Throws what it throws. */
export function writeExportFile(file: string, bytes: Uint8Array): void {
  writeExportStream(file, (write) => write(bytes));
}
