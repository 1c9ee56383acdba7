import iconv from 'iconv-lite';
import { XiaoniuError } from '../shared/errors';
import { EXCEL_WORKBOOK_PART, type PackEncoding, type PackFormat } from './types';
import type { openArchive } from './zip-archive';

/**
 * Format sniffing, text decoding and the junk check for phrase packs (docs/packs.md "Recognising
 * the file", "Encodings"). Everything here looks at the bytes, never at the file name: users rename
 * files, and Excel happily saves "CSV" in three different encodings.
 */

/** What the first bytes say before any text decoding. */
export type ContainerKind = 'xlsx' | 'text';

const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * Binary signatures we refuse outright as `pack.notAPhrasePack`. The junk check would catch most
 * of them too, but a PNG's first bytes happen to decode as GB18030 text, so an explicit list gives
 * a fast, certain answer for the files users pick by mistake (screenshots, PDFs, archives).
 */
const BINARY_MAGICS: readonly (readonly number[])[] = [
  [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF8
  [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  [0x1f, 0x8b], // gzip
  [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], // RAR
  [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], // 7z
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0x4d, 0x5a, 0x90, 0x00], // Windows executable
  [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66, 0x6f, 0x72, 0x6d, 0x61, 0x74, 0x20, 0x33, 0x00], // SQLite
];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  if (bytes.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic[i]) return false;
  return true;
}

/** True when `needle` (ASCII) occurs anywhere in `bytes`. */
function containsAscii(bytes: Uint8Array, needle: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(needle, 0, 'latin1') !== -1;
}

/**
 * Classifies the container from the magic bytes (docs/packs.md "Recognising the file").
 *
 * - empty input → throws `pack.empty`;
 * - OLE2 compound file (legacy .xls, also old .doc) → throws `pack.legacyXls`, so the message can
 *   tell the user to save as .xlsx or CSV instead of claiming the file is not a phrase pack;
 * - a ZIP that is a SpreadsheetML workbook → `'xlsx'`: one whose central directory lists Excel's
 *   `xl/workbook.xml`, or whose content types or relationships make its main part a workbook
 *   whatever that part is called (see `isWorkbookPackage`: the part the reader will open);
 * - any other ZIP (.docx, .pptx, .ods, a zipped folder) or a known binary signature (PNG, JPEG,
 *   PDF …) → throws `pack.notAPhrasePack`;
 * - everything else → `'text'` (decoded and junk-checked later).
 *
 * A ZIP costs its central directory, plus — only when Excel's part name is not listed — a few
 * small parts (`[Content_Types].xml`, the relationships); no sheet is inflated. A ZIP whose
 * directory cannot be read (a truncated download) or that lists more parts than a workbook has is
 * taken for a workbook only when its bytes name `xl/workbook.xml`, so that the reader can say it is
 * damaged or too large rather than not a phrase pack.
 */
export async function sniffContainer(bytes: Uint8Array): Promise<ContainerKind> {
  if (bytes.length === 0) throw new XiaoniuError('pack.empty');
  if (startsWith(bytes, OLE2_MAGIC)) throw new XiaoniuError('pack.legacyXls');
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    // The zip and package readers load only for a ZIP: most packs are text, and the CLI starts
    // for one file (the bench times it end to end).
    const [{ openArchive: open }, { isWorkbookPackage }] = await Promise.all([import('./zip-archive'), import('./xlsx-workbook')]);
    let archive: Awaited<ReturnType<typeof openArchive>>;
    try {
      archive = await open(bytes);
    } catch {
      // Entry names are stored uncompressed in the local headers too, so a byte search still
      // finds Excel's part name in a ZIP without a readable directory.
      if (containsAscii(bytes, EXCEL_WORKBOOK_PART)) return 'xlsx';
      throw new XiaoniuError('pack.notAPhrasePack');
    }
    if (archive.part(EXCEL_WORKBOOK_PART) || (await isWorkbookPackage(archive))) return 'xlsx';
    throw new XiaoniuError('pack.notAPhrasePack');
  }
  for (const magic of BINARY_MAGICS) if (startsWith(bytes, magic)) throw new XiaoniuError('pack.notAPhrasePack');
  return 'text';
}

/** Text decoded from a pack, one leading BOM already stripped. */
export interface DecodedText {
  text: string;
  encoding: PackEncoding;
}

/** Display names used in error parameters (`{{encoding}}`). */
const ENCODING_LABEL: Record<PackEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
  gb18030: 'GB18030',
};

let gb18030Decoder: TextDecoder | null | undefined;

/**
 * Strict GB18030 decoding. The WHATWG decoder (ICU, in Node and Electron) is fatal on invalid
 * sequences; iconv-lite is the fallback for a runtime built without it, where a U+FFFD that the
 * bytes did not spell (84 31 A4 37) reveals a substitution.
 */
function decodeGb18030Strict(bytes: Uint8Array): string | null {
  if (gb18030Decoder === undefined) {
    try {
      gb18030Decoder = new TextDecoder('gb18030', { fatal: true });
    } catch {
      gb18030Decoder = null;
    }
  }
  if (gb18030Decoder) {
    try {
      return gb18030Decoder.decode(bytes);
    } catch {
      return null;
    }
  }
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030');
  if (text.includes('\uFFFD')) {
    const spelled = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1').split('\x84\x31\xa4\x37').length - 1;
    const produced = text.split('\uFFFD').length - 1;
    if (produced > spelled) return null;
  }
  return text;
}

/** Swaps byte pairs so UTF-16BE can go through the (always available) UTF-16LE decoder. */
function swap16(bytes: Uint8Array): Uint8Array {
  // An odd length is invalid UTF-16 either way; keep the stray byte so the strict decoder fails.
  const even = bytes.length & ~1;
  const out = Buffer.from(bytes);
  out.subarray(0, even).swap16();
  return out;
}

/**
 * Decodes `bytes` strictly in `encoding`: returns null instead of ever producing U+FFFD for bytes
 * that are not valid in that encoding (a replacement character in the data is a silent loss the
 * user would only notice after importing). Strips one leading BOM.
 */
export function decodeStrict(bytes: Uint8Array, encoding: PackEncoding): string | null {
  let text: string | null;
  try {
    switch (encoding) {
      case 'utf-8':
        text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
        break;
      case 'utf-16le':
        text = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true }).decode(bytes);
        break;
      case 'utf-16be':
        text = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true }).decode(swap16(bytes));
        break;
      case 'gb18030':
        text = decodeGb18030Strict(bytes);
        break;
    }
  } catch {
    return null;
  }
  if (text !== null && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}

/** The encoding a byte-order mark announces, or null. */
function bomEncoding(bytes: Uint8Array): PackEncoding | null {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return 'utf-8';
  if (startsWith(bytes, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(bytes, [0xfe, 0xff])) return 'utf-16be';
  return null;
}

/**
 * UTF-16 without a BOM, recognised only by the unmistakable pattern of two ASCII characters with
 * zero high bytes (`<\0?\0` for XML declared UTF-16, `a\0,\0` for text). Excel always writes the
 * BOM; this is for tools that do not.
 */
function bomlessUtf16(bytes: Uint8Array): PackEncoding | null {
  if (bytes.length < 4) return null;
  const [a, b, c, d] = [bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!];
  if (a !== 0 && b === 0 && c !== 0 && d === 0 && a < 0x80 && c < 0x80) return 'utf-16le';
  if (a === 0 && b !== 0 && c === 0 && d !== 0 && b < 0x80 && d < 0x80) return 'utf-16be';
  return null;
}

/** Maps an XML declaration's encoding name to what we decode with; null when unsupported. */
function xmlDeclaredEncoding(name: string): PackEncoding | 'utf-16' | null {
  const n = name.toLowerCase().replace(/_/g, '-');
  if (['utf-8', 'utf8', 'us-ascii', 'ascii'].includes(n)) return 'utf-8';
  if (['gbk', 'gb2312', 'gb18030', 'cp936', 'x-gbk', 'euc-cn', 'windows-936', 'ms936'].includes(n)) return 'gb18030';
  if (n === 'utf-16' || n === 'ucs-2') return 'utf-16';
  if (n === 'utf-16le') return 'utf-16le';
  if (n === 'utf-16be') return 'utf-16be';
  return null;
}

/** True when every byte is 7-bit ASCII. */
function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}

/**
 * Decodes a text pack (CSV, TXT or XML), whatever encoding Excel, Qianniu or an editor saved it in,
 * and strips one leading BOM.
 *
 * Order of evidence: `forced` (the preview's override) → a BOM → UTF-16 without BOM (ASCII with
 * zero bytes) → an XML declaration's `encoding="…"` in an ASCII-compatible file → strict UTF-8 →
 * strict GB18030 (what Excel on Chinese Windows and Qianniu write, without a BOM; a superset of
 * GBK and GB2312).
 *
 * Throws `pack.badEncoding` {encoding} when a forced or declared encoding does not fit the bytes,
 * `pack.mixedEncoding` {line} when GB18030 was detected (or declared) but a line is UTF-8 (see
 * {@link utf8LineInGbk}; a forced encoding is the user's choice and is not second-guessed),
 * `pack.unsupportedEncoding` {encoding} for an XML declaration we cannot decode (Big5, Latin-1 …)
 * in a non-ASCII file, and `pack.notAPhrasePack` when neither UTF-8 nor GB18030 decodes the bytes
 * (random binary nearly always contains a byte sequence that GB18030 forbids). Never returns text
 * containing a U+FFFD the bytes did not spell.
 */
export function decodeText(bytes: Uint8Array, forced?: PackEncoding): DecodedText {
  if (forced) {
    const text = decodeStrict(bytes, forced);
    if (text === null) throw new XiaoniuError('pack.badEncoding', { encoding: ENCODING_LABEL[forced] });
    return { text, encoding: forced };
  }
  const bom = bomEncoding(bytes) ?? bomlessUtf16(bytes);
  if (bom) {
    const text = decodeStrict(bytes, bom);
    if (text === null) throw new XiaoniuError('pack.badEncoding', { encoding: ENCODING_LABEL[bom] });
    return { text, encoding: bom };
  }
  // An XML declaration is ASCII in every ASCII-compatible encoding, so it can be read from the
  // raw bytes before we know how to decode the rest.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 256)).toString('latin1');
  const decl = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  if (decl) {
    const declared = xmlDeclaredEncoding(decl[1]!);
    if (declared === null) {
      if (!isAscii(bytes)) throw new XiaoniuError('pack.unsupportedEncoding', { encoding: decl[1]! });
    } else if (declared !== 'utf-16' && declared !== 'utf-16le' && declared !== 'utf-16be') {
      // A UTF-16 declaration readable as single bytes is wrong about the family; XML's own
      // detection rules (appendix F) trust the bytes then, and so do we. Likewise a GBK
      // declaration over bytes that are valid UTF-8 with Chinese in them: real GBK text is
      // practically never valid UTF-8, while editors that re-save as UTF-8 keep the old
      // declaration — decoding as declared would import every phrase as mojibake.
      if (declared === 'gb18030' && !isAscii(bytes)) {
        const utf8 = decodeStrict(bytes, 'utf-8');
        if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };
      }
      const text = decodeStrict(bytes, declared);
      if (text === null) throw new XiaoniuError('pack.badEncoding', { encoding: decl[1]!.toUpperCase() });
      if (declared === 'gb18030') refuseUtf8Lines(bytes);
      return { text, encoding: declared };
    }
  }
  const utf8 = decodeStrict(bytes, 'utf-8');
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };
  const damage = utf8Damage(bytes);
  if (damage) throw new XiaoniuError('pack.damagedUtf8', { line: damage.line });
  const gb = decodeStrict(bytes, 'gb18030');
  if (gb !== null) {
    refuseUtf8Lines(bytes);
    return { text: gb, encoding: 'gb18030' };
  }
  // Neither encoding reads the whole file. Most often a GBK file with a line pasted from a UTF-8
  // one whose bytes GB18030 cannot read either (售后,th,退货联系客服 as UTF-8 is such a line):
  // name that line rather than call the file "not a phrase pack".
  refuseUtf8Lines(bytes);
  throw new XiaoniuError('pack.notAPhrasePack');
}

/** Throws `pack.mixedEncoding` {line} when {@link utf8LineInGbk} finds a UTF-8 line. */
function refuseUtf8Lines(bytes: Uint8Array): void {
  const found = utf8LineInGbk(bytes);
  if (found) throw new XiaoniuError('pack.mixedEncoding', { line: found.line });
}

/**
 * Whether the bytes `from`..`to` of a line, read as GBK pairs, hold a character outside GB2312's
 * rows (a lead or trail byte below A1): the rare characters that UTF-8 bytes turn into when read
 * as GBK (售后 → 鍞悗), while everyday Chinese text stays inside GB2312.
 */
function gbkReadingLeavesGb2312(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    const t = bytes[i + 1] ?? 0;
    if (b < 0xa1 || t < 0xa1) return true;
    i++;
  }
  return false;
}

/** Whether every non-ASCII character of the line read as UTF-8 is an everyday one (inside GB2312). */
function utf8ReadingIsGb2312(bytes: Uint8Array, from: number, to: number): boolean {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString('utf8');
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) continue;
    const gbk = iconv.encode(ch, 'gbk');
    if (gbk.length !== 2 || gbk[0]! < 0xa1 || gbk[1]! < 0xa1) return false;
  }
  return true;
}

/**
 * Finds a line written in UTF-8 inside a file that is otherwise GBK/GB18030 — the file a
 * colleague assembled by pasting one line from a UTF-8 file into a GBK one. GB18030 decodes those
 * bytes without complaint (into mojibake such as 鍞悗 for 售后), so strict decoding cannot see it.
 *
 * A line counts as UTF-8 when every non-ASCII byte in it belongs to a well-formed UTF-8 sequence
 * (RFC 3629 §4) and it holds three or more 3- or 4-byte sequences (CJK, full-width punctuation,
 * emoji) — or exactly two, when read as UTF-8 they are everyday characters (GB2312) while read as
 * GBK the bytes are rare ones: the signature of mojibake. GBK text is valid UTF-8 only by chance,
 * each character's bytes chaining into UTF-8 sequences with its neighbours'. Measured on
 * 1,000,000 generated lines of 1–40 random characters each (and the bench's 100,000-phrase library
 * as GBK, and the GBK fixtures): no line of GBK text held three such sequences; uniformly random
 * GBK (rare characters included) gave 16 lines with two, random GB2312 text none, and the
 * two-character rule keeps those out; a UTF-8 line of two everyday characters is still found 95
 * times in 100 (of three or more, always). One character alone is not told from GBK.
 *
 * Lines end at LF, CRLF or a lone CR (as the CSV reader counts them). One pass over the bytes
 * that skips to the next line break as soon as a line cannot be UTF-8 (a GBK line stops at its
 * first character): tens of ms for 11 MB, and only when GB18030 was detected, not chosen.
 * Returns the first such line (1-based), or null.
 */
export function utf8LineInGbk(bytes: Uint8Array): { line: number } | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.length;
  let line = 1;
  let lineStart = 0;
  let wide = 0;
  let nextCr = -2;
  const isUtf8Line = (end: number) =>
    wide >= 3 || (wide === 2 && gbkReadingLeavesGb2312(bytes, lineStart, end) && utf8ReadingIsGb2312(bytes, lineStart, end));
  for (let i = 0; i < n; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) {
        if (wide >= 2 && isUtf8Line(i)) return { line };
        line++;
        lineStart = i + 1;
        wide = 0;
      }
      i++;
      continue;
    }
    const b1 = bytes[i + 1] ?? 0;
    let len = 0;
    if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) len = b === 0xe0 ? (b1 >= 0xa0 ? 3 : 0) : b === 0xed ? (b1 <= 0x9f ? 3 : 0) : 3;
    else if (b >= 0xf0 && b <= 0xf4) len = b === 0xf0 ? (b1 >= 0x90 ? 4 : 0) : b === 0xf4 ? (b1 <= 0x8f ? 4 : 0) : 4;
    for (let k = 1; k < len; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < 0x80 || c > 0xbf) len = 0;
    }
    if (len !== 0) {
      if (len >= 3) wide++;
      i += len;
      continue;
    }
    // Not UTF-8: skip to this line's end (LF, or a lone CR) without looking at its bytes.
    wide = 0;
    const lf = buf.indexOf(0x0a, i);
    if (nextCr !== -1 && nextCr < i) nextCr = buf.indexOf(0x0d, i);
    let end = lf === -1 ? n : lf;
    if (nextCr !== -1 && nextCr < end && bytes[nextCr + 1] !== 0x0a) end = nextCr;
    i = end;
  }
  return wide >= 2 && isUtf8Line(n) ? { line } : null;
}

/**
 * Tells UTF-8 with a few bad bytes (a truncated last character, one line pasted from a GBK file)
 * from GBK/GB18030, line by line: a GBK line with Chinese in it is almost never entirely valid
 * UTF-8, so when lines that are valid UTF-8 with Chinese in them outnumber the lines with invalid
 * bytes, the file is damaged UTF-8 — decoding it as GB18030 would import every line as mojibake
 * with no warning. A two-byte sequence counts as evidence only when its trail byte is 80–A0: a GBK
 * character whose lead byte is C2–DF and trail A1–BF (一 is D2 BB) is by accident a valid two-byte
 * UTF-8 one, so a short GBK file of such characters would otherwise be refused as damaged UTF-8,
 * while Cyrillic or accented Latin in UTF-8 (D0 90, C3 A9 …) must still count. Returns the first
 * bad line, or null when the bytes look like another encoding.
 */
export function utf8Damage(bytes: Uint8Array): { line: number } | null {
  let goodLines = 0;
  let badLines = 0;
  let firstBadLine = 0;
  let line = 1;
  let lineHasMultibyte = false;
  let lineIsBad = false;
  const endLine = () => {
    if (lineIsBad) {
      badLines++;
      if (!firstBadLine) firstBadLine = line;
    } else if (lineHasMultibyte) goodLines++;
    lineHasMultibyte = lineIsBad = false;
  };
  const n = bytes.length;
  for (let i = 0; i < n; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      if (b === 0x0a) {
        endLine();
        line++;
      }
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    let ok = need > 0;
    for (let k = 1; ok && k <= need; k++) {
      const c = bytes[i + k];
      ok = c !== undefined && c >= 0x80 && c <= 0xbf;
    }
    if (ok) {
      // Three- and four-byte sequences (Chinese), and two-byte ones whose trail byte is 80–A0: read
      // as GBK those pairs are no GB2312 character (its bytes are A1–FE), so they are evidence of
      // UTF-8 text such as Cyrillic (D0 90…) while 一 (D2 BB) is not.
      if (need >= 2 || bytes[i + 1]! <= 0xa0) lineHasMultibyte = true;
      i += need + 1;
    } else {
      lineIsBad = true;
      i++;
    }
  }
  endLine();
  return badLines > 0 && goodLines > badLines ? { line: firstBadLine } : null;
}

/**
 * Characters no phrase pack consists of: C0/C1 controls except TAB/LF/CR, private use, unassigned
 * code points, lone surrogates and U+FFFD.
 */
const JUNK = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\p{Co}\p{Cn}\p{Cs}\uFFFD]/gu;

/**
 * Runs of characters outside the ranges that make up almost all of a Chinese phrase pack (ASCII,
 * Latin-1, general punctuation, CJK symbols, CJK ideographs, full-width forms) — all assigned and
 * none junk. A Unicode-property regex over 15 MB takes a quarter of a second; this plain class
 * finds the few unusual characters quickly, and only they go through {@link JUNK}.
 */
const UNUSUAL = /[^\t\n\r\x20-\x7E\xA0-\xFF\u2010-\u2027\u2030-\u205E\u3000-\u303F\u3400-\u4DBF\u4E00-\u9FFF\uFF01-\uFF60]+/g;

/**
 * Share of junk characters (see {@link JUNK}) above which a decoded file is refused. GB18030 maps
 * nearly every byte pair to *something*, so decoding alone proves nothing; binary pushed through
 * it turns into controls and private-use characters. Real packs have none (an occasional old
 * private-use emoji at most), so one in ten non-whitespace characters is already far past "mostly
 * text" while leaving room for such oddities.
 */
export const JUNK_RATIO_LIMIT = 0.1;

/** Number of code points of `text` that are junk (see {@link JUNK}). */
export function countJunk(text: string): number {
  let junk = 0;
  UNUSUAL.lastIndex = 0;
  for (let m = UNUSUAL.exec(text); m !== null; m = UNUSUAL.exec(text)) {
    const found = m[0].match(JUNK);
    if (found) junk += found.length;
  }
  return junk;
}

/**
 * The junk check (docs/packs.md "Encodings"): throws `pack.notAPhrasePack` when more than
 * {@link JUNK_RATIO_LIMIT} of the non-whitespace code points of `text` are controls, private-use,
 * unassigned or replacement characters; throws `pack.empty` when `text` is only whitespace.
 */
export function assertLooksLikeText(text: string): void {
  if (text.trim() === '') throw new XiaoniuError('pack.empty');
  const junk = countJunk(text);
  if (junk === 0) return;
  // Only now count what the ratio is taken over: code points that are not whitespace.
  const whitespace = text.match(/\s/g)?.length ?? 0;
  const surrogatePairs = text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0;
  const meaningful = text.length - surrogatePairs - whitespace;
  if (meaningful <= 0 || junk / meaningful > JUNK_RATIO_LIMIT) throw new XiaoniuError('pack.notAPhrasePack');
}

/**
 * Text format from decoded content: XML when the first non-blank character opens markup (`<?xml`,
 * `<!` or an element), CSV otherwise (plain one-phrase-per-line text is a one-column CSV).
 */
export function sniffTextFormat(text: string): Exclude<PackFormat, 'xlsx'> {
  // A declaration, a comment or DOCTYPE (refused later, on purpose), or a real start tag — a name
  // followed by space, `>` or `/` — and some closing markup. A one-column pack whose first phrase
  // is `<VIP专享>会员价8折` is text, not XML.
  if (/^\s*<(?:\?xml|!)/.test(text)) return 'xml';
  if (/^\s*<[A-Za-z_][\w.:-]*[\s>/]/.test(text) && /<\/|\/>/.test(text)) return 'xml';
  return 'csv';
}

/**
 * A writer's Buffer as a plain Uint8Array. A large Buffer owns its ArrayBuffer and is wrapped
 * without copying; a small one lives in Node's shared 8 KB pool, and since IPC's structured clone
 * sends a view's whole ArrayBuffer, it is copied so no unrelated pool bytes travel along.
 */
export function bytesOf(buffer: Buffer): Uint8Array {
  return buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength
    ? new Uint8Array(buffer.buffer, 0, buffer.byteLength)
    : new Uint8Array(buffer);
}
