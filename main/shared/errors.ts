import { boundParams } from './quote';

/**
 * The one error type services throw. It crosses IPC and the CLI as `{ code, params }` and is
 * translated at the edge (renderer, CLI) from the catalogue in `main/i18n/`, so a service never
 * builds a user-facing sentence itself.
 *
 * `code` is a key of the catalogue's `errors` section, e.g. `phrase.codeTaken`; `params` fill the
 * placeholders of that message (`{{code}}`, `{{line}}` …). String params are cut to a quotable
 * length here (see `boundParams`), so no error ever carries a whole hostile cell.
 */
export class XiaoniuError extends Error {
  /** Catalogue key under `errors.`, e.g. `pack.notAPhrasePack`. */
  readonly code: string;
  /** Values for the message placeholders; strings and numbers only so they survive JSON. */
  readonly params: Record<string, string | number>;

  /**
   * `options.cause`: the lower-level error this one stands for (a driver's English message, say),
   * kept for logs and debuggers — never a parameter, so it never reaches the user's sentence.
   */
  constructor(code: string, params: Record<string, string | number> = {}, options?: { cause?: unknown }) {
    params = boundParams(params);
    super(`${code}${Object.keys(params).length ? ' ' + JSON.stringify(params) : ''}`, options);
    this.name = 'XiaoniuError';
    this.code = code;
    this.params = params;
  }
}

/** True when `e` is a {@link XiaoniuError} with the given code (or any code when omitted). */
export function isXiaoniuError(e: unknown, code?: string): e is XiaoniuError {
  return e instanceof XiaoniuError && (code === undefined || e.code === code);
}

/**
 * Maps errors from below the services that a user can meet to {@link XiaoniuError}s, so they
 * cross IPC and the CLI as codes: SQLite's SQLITE_BUSY / SQLITE_LOCKED (another writer, e.g. an
 * import, held the lock past the busy timeout) become `store.busy`, SQLITE_READONLY
 * `store.readOnly`, SQLITE_FULL `store.diskFull`, SQLITE_CORRUPT / SQLITE_NOTADB met after the
 * database was opened (a page damaged on disk) `store.corruptWhileReading`. Anything else: null.
 */
export function asXiaoniuError(e: unknown): XiaoniuError | null {
  if (e instanceof XiaoniuError) return e;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code.startsWith('SQLITE_BUSY_')) return new XiaoniuError('store.busy');
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_')) return new XiaoniuError('store.readOnly');
  if (code === 'SQLITE_FULL') return new XiaoniuError('store.diskFull');
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_')) return new XiaoniuError('store.corruptWhileReading');
  return null;
}
