import fs from 'node:fs';
import path from 'node:path';
import { XiaoniuError } from '../shared/errors';
import { MAX_PACK_BYTES } from '../packs/types';

/**
 * The CLI's file handling: a pack is read only from a regular file, and an export only ever
 * replaces a regular file — never a directory, a device (`/dev/stdout` on a terminal, `/dev/null`),
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

/**
 * Reads a pack from `file`. Throws `cli.cannotRead` {file, reason} when it is not a regular file
 * (a device or FIFO such as /dev/zero would never end) or cannot be read, and `pack.tooLarge` past
 * {@link MAX_PACK_BYTES} — both before reading a byte.
 */
export function readPackFile(file: string): Uint8Array {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new XiaoniuError('cli.cannotRead', { file, reason: kindReason(stat) });
    if (stat.size > MAX_PACK_BYTES) throw new XiaoniuError('pack.tooLarge');
    return new Uint8Array(fs.readFileSync(file));
  } catch (e) {
    if (e instanceof XiaoniuError) throw e;
    throw new XiaoniuError('cli.cannotRead', { file, reason: (e as NodeJS.ErrnoException).code ?? 'EIO' });
  }
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

/**
 * Writes `bytes` as the export `file`: the target is decided by {@link exportTarget} (again, just
 * before writing, so a directory or FIFO that appeared meanwhile is still refused), the bytes go
 * to a temporary file beside it, which is then renamed over it — a failed export never leaves half
 * a file, and the old file stays until the new one is complete. Throws what `exportTarget` throws,
 * and `cli.cannotWrite` {file, reason} when writing fails (the temporary file is removed).
 */
export function writeExportFile(file: string, bytes: Uint8Array): void {
  const target = exportTarget(file);
  const tmp = `${target.path}.${process.pid}.tmp`;
  let created = false;
  try {
    // `wx`: never through whatever might already sit at the temporary name (a planted link).
    const fd = fs.openSync(tmp, 'wx', target.mode ?? 0o666);
    created = true;
    try {
      fs.writeFileSync(fd, bytes);
      if (target.mode !== null) fs.fchmodSync(fd, target.mode);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, target.path);
  } catch (e) {
    if (created) fs.rmSync(tmp, { force: true });
    throw new XiaoniuError('cli.cannotWrite', { file, reason: (e as NodeJS.ErrnoException).code ?? 'EIO' });
  }
}
