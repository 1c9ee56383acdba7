import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isXiaoniuError } from '../shared/errors';

/** Shared by the pack readers' and writers' tests (never compiled into the app). */

/** The bytes of `fixtures/packs/NAME` (regenerate them with `node fixtures/packs/make-fixtures.ts`). */
export const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'packs', name)));

/** UTF-8 bytes of `s`. */
export const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

/** A `XiaoniuError`'s code and params. */
export interface Caught {
  code: string;
  params: Record<string, string | number>;
}

/** The `XiaoniuError` `fn` throws; fails the test when it throws nothing or something else. */
export function thrown(fn: () => unknown): Caught {
  try {
    fn();
  } catch (e) {
    if (isXiaoniuError(e)) return { code: e.code, params: e.params };
    throw e;
  }
  throw new Error('did not throw');
}

/** The `XiaoniuError` promise `p` rejects with; fails the test otherwise. */
export async function rejection(p: Promise<unknown>): Promise<Caught> {
  try {
    await p;
  } catch (e) {
    if (isXiaoniuError(e)) return { code: e.code, params: e.params };
    throw e;
  }
  throw new Error('did not throw');
}
