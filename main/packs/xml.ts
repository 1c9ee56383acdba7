import { SaxesParser } from 'saxes';
import { XiaoniuError } from '../shared/errors';
import { bytesOf } from './detect';
import type { ExportPhrase, PackEncoding, PackProblem, PackRow, ParsedPack } from './types';

/**
 * XML phrase packs (docs/packs.md "XML", "XML files"):
 *
 * ```xml
 * <?xml version="1.0" encoding="UTF-8"?>
 * <phrasePack version="1">
 *   <group name="售前"><phrase code="hi">亲，在的</phrase></group>
 *   <phrase>no group: goes to the default group</phrase>
 * </phrasePack>
 * ```
 *
 * Parsed with saxes: strict (well-formedness errors with line numbers), streaming (no DOM for a
 * large pack), and it decodes the predefined entities, character references and CDATA itself.
 */

/** Where an XML pack keeps each field, as the preview's column mapping shows it (group, code, content). */
export const XML_SOURCES = ['<group name>', '<phrase code>', '<phrase>'] as const;

/** `<!DOCTYPE` or `<!ENTITY` anywhere, case-insensitively. */
const DTD = /<!(?:DOCTYPE|ENTITY)/i;

/** Where an offset of the text lies: 1-based line (LF, CRLF or a lone CR ends one) and column (code points). */
function locate(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  let column = 1;
  for (let i = lineStart; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (!(c >= 0xdc00 && c <= 0xdfff && i > lineStart)) column++;
  }
  return { line, column };
}

/**
 * A `&` that starts no reference XML knows the shape of (`&name;`, `&#123;`, `&#x1F;`), outside
 * comments and CDATA — the commonest hand-written mistake (`A&B`). saxes then reads on, looking for
 * the `;`, and fails far away ("unclosed tag" at the end of the file), so this finds the real spot.
 */
const BARE_AMPERSAND = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|&(?!(?:[A-Za-z_:][\w.:-]*|#[0-9]+|#x[0-9A-Fa-f]+);)/g;

/** A character as a message can show it: itself when visible, else `U+0001`. */
function visibleChar(ch: string): string {
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(ch) ? ch : 'U+' + (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
}

/** The parser's state at a failure, as {@link xmlError} needs it. */
interface XmlFailure {
  /** saxes' message without its `line:column: ` prefix. */
  message: string;
  /** Offset (UTF-16 units) just past the character saxes stopped at. */
  position: number;
  /** Elements still open, outermost first, with the line of each start tag. */
  open: readonly { name: string; line: number }[];
  /** The element saxes popped last (a mismatched end tag pops the element it wrongly closes). */
  lastClosed: { name: string; line: number } | null;
}

/**
 * Classifies a saxes well-formedness error into a catalogue message with its place, so the agent
 * reads one language and learns what to fix (saxes' own text is English). The message list is
 * saxes 6's (`fail(…)` calls in saxes.js); an unknown one falls back to `pack.badXml` {line, column}.
 *
 * - a bare `&` before the failure (see {@link BARE_AMPERSAND}) or an unknown entity →
 *   `pack.xmlBadEntity` {line, column, entity};
 * - end of file inside a comment or CDATA section → `pack.xmlUnclosedMarkup` {line} (where it opens);
 * - an element never closed → `pack.xmlUnclosedTag` {line, name} (the line of its start tag);
 * - an end tag naming another element → `pack.xmlMismatchedTag` {line, column, found, expected, openLine};
 *   one with no element open → `pack.xmlStrayCloseTag` {line, column, name};
 * - `<` in text or a bad name → `pack.xmlBadName` {line, column}; a character XML forbids →
 *   `pack.xmlBadCharacter` {line, column, char};
 * - attribute syntax → `pack.xmlBadAttribute` {line, column};
 * - content after the root element → `pack.xmlOutsideRoot` {line, column};
 * - no element at all → `pack.empty`.
 */
function xmlError(text: string, f: XmlFailure): XiaoniuError {
  const at = (offset: number) => locate(text, Math.max(0, Math.min(offset, text.length)));
  const m = f.message;
  BARE_AMPERSAND.lastIndex = 0;
  for (let hit = BARE_AMPERSAND.exec(text); hit && hit.index < f.position; hit = BARE_AMPERSAND.exec(text)) {
    if (hit[0] === '&') return new XiaoniuError('pack.xmlBadEntity', { ...at(hit.index), entity: text.slice(hit.index, hit.index + 12).split(/[\s<]/)[0]! });
  }
  if (/entity/.test(m)) {
    const amp = text.lastIndexOf('&', f.position - 1);
    const semi = text.indexOf(';', amp);
    return new XiaoniuError('pack.xmlBadEntity', { ...at(amp), entity: text.slice(amp, semi === -1 ? amp + 12 : semi + 1) });
  }
  if (/^unclosed tag|^unexpected end/.test(m)) {
    const comment = text.lastIndexOf('<!--');
    const cdata = text.lastIndexOf('<![CDATA[');
    if (comment !== -1 && text.indexOf('-->', comment + 4) === -1) return new XiaoniuError('pack.xmlUnclosedMarkup', { line: at(comment).line });
    if (cdata !== -1 && text.indexOf(']]>', cdata + 9) === -1) return new XiaoniuError('pack.xmlUnclosedMarkup', { line: at(cdata).line });
    const inner = f.open[f.open.length - 1];
    if (inner) return new XiaoniuError('pack.xmlUnclosedTag', { line: inner.line, name: inner.name });
    return new XiaoniuError('pack.xmlUnclosedMarkup', { line: at(f.position).line });
  }
  if (/^unexpected close tag|^unmatched closing tag/.test(m)) {
    const lt = text.lastIndexOf('</', f.position - 1);
    const found = /^<\/\s*([^\s>]*)/.exec(text.slice(lt, lt + 200))?.[1] ?? '';
    if (m.startsWith('unexpected') && f.lastClosed) {
      return new XiaoniuError('pack.xmlMismatchedTag', { ...at(lt), found, expected: f.lastClosed.name, openLine: f.lastClosed.line });
    }
    return new XiaoniuError('pack.xmlStrayCloseTag', { ...at(lt), name: found });
  }
  if (/^disallowed character in (?:tag|closing tag|attribute) name|^malformed name/.test(m)) {
    return new XiaoniuError('pack.xmlBadName', at(text.lastIndexOf('<', f.position - 1)));
  }
  if (/^disallowed character|\]\]>/.test(m)) {
    const ch = String.fromCodePoint(text.codePointAt(Math.max(0, f.position - 1)) ?? 0);
    return new XiaoniuError('pack.xmlBadCharacter', { ...at(f.position - 1), char: visibleChar(ch) });
  }
  if (/attribute|value|whitespace between attributes/.test(m)) return new XiaoniuError('pack.xmlBadAttribute', at(f.position - 1));
  if (/outside of root|only one root/.test(m)) return new XiaoniuError('pack.xmlOutsideRoot', at(f.position - 1));
  if (/must contain a root/.test(m)) return new XiaoniuError('pack.empty');
  return new XiaoniuError('pack.badXml', at(f.position - 1));
}

/**
 * Reads an XML pack from decoded text (`decodeText` honoured the declared encoding; `encoding` is
 * only reported back).
 *
 * Refuses any DOCTYPE or ENTITY declaration with `pack.xmlDoctype` BEFORE parsing: a pack never
 * needs one, and entity expansion is how a 1 KB "billion laughs" file eats gigabytes. The check is
 * one regex scan, so such a file is refused in microseconds with no memory beyond the text (this
 * also refuses a `<!DOCTYPE` inside CDATA — a false alarm no real pack raises).
 *
 * Throws, for malformed XML, one of the `pack.xml…` errors {@link xmlError} lists (the place and
 * what to fix, never saxes' English text), `pack.notAPhrasePack` when the root element is not `phrasePack`, `pack.xmlVersion` {version}
 * for a `version` other than 1.
 *
 * `header` is {@link XML_SOURCES} and `mapping` points into it: group when some phrase sits in a
 * `<group>`, code when some phrase has a `code` attribute, content always.
 *
 * Rows: one per `<phrase>`, `line` = line of its start tag, group = the enclosing `<group name>`
 * (`''` for a phrase directly under the root), code = the `code` attribute or `''`, content = its
 * text and CDATA with CR/LF normalised to LF (a `&#13;` reference would otherwise leave a CR).
 * Row problems: `pack.xmlUnknownElement` {name} for an element the format does not define (a
 * nested group, markup inside a phrase …); the element and its text are ignored.
 */
export function readXml(text: string, encoding: PackEncoding): ParsedPack {
  if (DTD.test(text)) throw new XiaoniuError('pack.xmlDoctype');

  const rows: PackRow[] = [];
  const problems: PackProblem[] = [];
  /** Open elements with the line of each start tag (for "never closed" and "does not match"). */
  const stack: { name: string; line: number }[] = [];
  let lastClosed: { name: string; line: number } | null = null;
  let group: string | null = null;
  let phrase: { line: number; code: string; parts: string[] } | null = null;
  /** Stack depth of an ignored element, or -1. */
  let skipDepth = -1;
  let tagLine = 1;
  let grouped = false;
  let coded = false;

  const parser = new SaxesParser({ xmlns: false, position: true });
  parser.on('opentagstart', () => {
    // saxes reports this after the character that ends the name, which may be a line break
    // (`<phrase⏎ code="…">`); count back to the `<` so the line is the start tag's own.
    const end = parser.position;
    const lt = text.lastIndexOf('<', end - 1);
    tagLine = parser.line - (text.slice(lt, end).match(/\r\n?|\n/g)?.length ?? 0);
  });
  parser.on('opentag', (tag) => {
    const depth = stack.length;
    stack.push({ name: tag.name, line: tagLine });
    if (skipDepth !== -1) return;
    const parent = stack[depth - 1]?.name;
    if (depth === 0) {
      if (tag.name !== 'phrasePack') throw new XiaoniuError('pack.notAPhrasePack');
      const version = tag.attributes['version'];
      if (version !== undefined && !/^\s*1(?:\.0)?\s*$/.test(version)) throw new XiaoniuError('pack.xmlVersion', { version });
    } else if (tag.name === 'group' && parent === 'phrasePack') {
      group = tag.attributes['name'] ?? '';
    } else if (tag.name === 'phrase' && (parent === 'phrasePack' || (parent === 'group' && depth === 2))) {
      phrase = { line: tagLine, code: tag.attributes['code'] ?? '', parts: [] };
      if (parent === 'group') grouped = true;
      if (tag.attributes['code'] !== undefined) coded = true;
    } else {
      problems.push({ line: tagLine, code: 'pack.xmlUnknownElement', params: { name: tag.name } });
      skipDepth = depth;
    }
  });
  const collect = (t: string) => {
    if (phrase && skipDepth === -1) phrase.parts.push(t);
  };
  parser.on('text', collect);
  parser.on('cdata', collect);
  parser.on('closetag', () => {
    lastClosed = stack.pop() ?? null;
    const depth = stack.length;
    if (skipDepth !== -1) {
      if (depth === skipDepth) skipDepth = -1;
      return;
    }
    if (phrase) {
      // Markup inside a phrase is skipped above, so this closes the phrase itself.
      const content = phrase.parts.join('').replace(/\r\n?/g, '\n');
      rows.push({ line: phrase.line, group: depth === 2 ? (group ?? '') : '', code: phrase.code, content });
      phrase = null;
    } else if (depth === 1) {
      group = null;
    }
  });

  try {
    parser.write(text).close();
  } catch (e) {
    if (e instanceof XiaoniuError) throw e;
    const message = (e instanceof Error ? e.message : String(e)).replace(/^(?:[^:\n]*:)?\d+:\d+:\s*/, '');
    throw xmlError(text, { message, position: parser.position, open: stack, lastClosed });
  }

  return {
    format: 'xml',
    encoding,
    // The element structure names every field, so there is nothing to infer. An XML pack has no
    // columns: `header` names where the reader took each field from, and a field no phrase of this
    // file carries (no <group>, no code attribute) is mapped to nothing, as a missing CSV column is.
    headerRecognised: true,
    header: [...XML_SOURCES],
    mapping: { group: grouped ? 0 : -1, code: coded ? 1 : -1, content: 2, subgroup: -1 },
    ignoredColumns: [],
    rows,
    problems,
  };
}

// ───────────────────────────── writing ─────────────────────────────

/**
 * Characters XML 1.0 cannot hold even as references: C0 controls but TAB/LF/CR, U+FFFE, U+FFFF
 * and lone surrogates. Stored content cannot contain them once validated; removing them here is
 * the safety net that keeps the file well-formed for every other reader.
 */
export const XML_INVALID = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function xmlText(s: string): string {
  return s
    .replace(XML_INVALID, '')
    .replace(/\r\n?/g, '\n')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function xmlAttr(s: string): string {
  // Attribute-value normalisation turns raw TAB/LF/CR into spaces, so they go as references.
  return xmlText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

function phraseXml(p: ExportPhrase, indent: string): string {
  const code = p.code ? ` code="${xmlAttr(p.code)}"` : '';
  return `${indent}<phrase${code}>${xmlText(p.content)}</phrase>`;
}

/**
 * Our XML layout (docs/packs.md "XML"): UTF-8 without BOM,
 * `<?xml version="1.0" encoding="UTF-8"?>`, groups in order of first appearance with their phrases
 * in list order, a phrase whose group is `''` directly under `<phrasePack>`, a null code as no
 * `code` attribute. Text escapes `&` `<` `>`; attributes also `"` TAB LF. Characters XML 1.0 cannot
 * hold are dropped ({@link XML_INVALID}). LF line endings. Returns the file bytes.
 */
export function writeXml(phrases: readonly ExportPhrase[]): Uint8Array {
  const groups = new Map<string, ExportPhrase[]>();
  for (const p of phrases) {
    const list = groups.get(p.group);
    if (list) list.push(p);
    else groups.set(p.group, [p]);
  }
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<phrasePack version="1">'];
  for (const [name, list] of groups) {
    if (name === '') {
      for (const p of list) lines.push(phraseXml(p, '  '));
      continue;
    }
    lines.push(`  <group name="${xmlAttr(name)}">`);
    for (const p of list) lines.push(phraseXml(p, '    '));
    lines.push('  </group>');
  }
  lines.push('</phrasePack>', '');
  return bytesOf(Buffer.from(lines.join('\n'), 'utf8'));
}
