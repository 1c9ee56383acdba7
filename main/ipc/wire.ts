/**
 * The dependency-free part of the IPC contract that runs on both sides (main and the bundled
 * renderer): channel names, the renderer's error type and the WebSocket bridge's JSON codec.
 * It must not import anything, so the renderer bundle and the sandboxed preload stay small.
 */

/** Channel names used by the Electron preload and the WebSocket bridge. */
export const CHANNELS = { invoke: 'xiaoniu:invoke', event: 'xiaoniu:event' } as const;

/** The error a failed call rejects with in the renderer: a catalogue key and its parameters. */
export class ApiError extends Error {
  readonly code: string;
  readonly params: Record<string, string | number>;
  constructor(code: string, params: Record<string, string | number> = {}) {
    super(code);
    this.name = 'ApiError';
    this.code = code;
    this.params = params;
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_INDEX[B64.charCodeAt(i)] = i;

/** Standard base64 (RFC 4648 §4) of `bytes`; works without Node's Buffer. */
export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const chunk = 3 * 8192;
  for (let start = 0; start < bytes.length; start += chunk) {
    const end = Math.min(bytes.length, start + chunk);
    let s = '';
    for (let i = start; i < end; i += 3) {
      const a = bytes[i]!;
      const b = i + 1 < end ? bytes[i + 1]! : 0;
      const c = i + 2 < end ? bytes[i + 2]! : 0;
      const n = (a << 16) | (b << 8) | c;
      s += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + (i + 1 < end ? B64[(n >> 6) & 63]! : '=') + (i + 2 < end ? B64[n & 63]! : '=');
    }
    parts.push(s);
  }
  return parts.join('');
}

/** Decodes standard base64; throws `Error('bad base64')` on a character outside the alphabet. */
export function fromBase64(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < clean.length; i++) {
    const code = clean.charCodeAt(i);
    const v = code < 128 ? B64_INDEX[code]! : -1;
    if (v < 0) throw new Error('bad base64');
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

/**
 * True when a Uint8Array sits in `value`'s objects within `depth` levels. Arrays are not searched:
 * bytes only ever travel as a named field (`args.bytes`, `ExportResult.bytes`), and a list of
 * 100,000 phrases must not cost a replacer call per field.
 */
function hasBytes(value: unknown, depth: number): boolean {
  if (value instanceof Uint8Array) return true;
  if (depth === 0 || !value || typeof value !== 'object' || Array.isArray(value)) return false;
  for (const k in value) if (hasBytes((value as Record<string, unknown>)[k], depth - 1)) return true;
  return false;
}

/**
 * JSON with byte arrays carried as `{"$bytes": base64}` (the bridge's only non-JSON type), found
 * in named fields up to 4 levels deep (an envelope's `result.value.bytes`).
 */
export function encodeWire(value: unknown): string {
  if (!hasBytes(value, 4)) return JSON.stringify(value);
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? { $bytes: toBase64(v) } : v));
}

/** Parses {@link encodeWire}'s output; throws SyntaxError on malformed JSON. */
export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      if (typeof o.$bytes === 'string' && Object.keys(o).length === 1) return fromBase64(o.$bytes);
    }
    return v;
  });
}

/**
 * True when JSON `text` nests arrays and objects more than `limit` levels deep, found by one scan
 * that skips over strings (so a 90 MB base64 pack costs one `indexOf`, not a loop per character).
 * Run before `JSON.parse` on untrusted text: V8 parses `[[[[…` iteratively, so depth is no stack
 * overflow there, but 40 million levels (80 MB) took 35 s and 5 GB of memory in Node 24, and
 * everything downstream (the reviver, the validator) recurses. Malformed JSON is not this
 * function's business: it answers for the brackets it saw, and `JSON.parse` refuses the rest.
 */
export function exceedsJsonDepth(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // Jump to the closing quote: one not preceded by an odd run of backslashes.
      for (;;) {
        const end = text.indexOf('"', i + 1);
        if (end < 0) return false;
        let slashes = 0;
        while (text.charCodeAt(end - 1 - slashes) === 0x5c /* \ */) slashes++;
        i = end;
        if (slashes % 2 === 0) break;
      }
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > limit) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return false;
}
