import { SaxesParser } from 'saxes';
import { XiaoniuError } from '../shared/errors';
import { bytesOf } from './detect';
import type { ExportPhrase, PackEncoding, PackProblem, PackRow, ParsedPack } from './types';

/**
 * XML phrase packs (issue 6 §5):
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

/** saxes prefixes messages with `line:column: `; the line is reported separately. */
function reasonOf(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/^(?:[^:\n]*:)?\d+:\d+:\s*/, '');
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
 * Throws `pack.badXml` {line, reason} for malformed XML (reason is saxes' English message),
 * `pack.notAPhrasePack` when the root element is not `phrasePack`, `pack.xmlVersion` {version}
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
  const stack: string[] = [];
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
    stack.push(tag.name);
    if (skipDepth !== -1) return;
    const parent = stack[depth - 1];
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
    stack.pop();
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
    throw new XiaoniuError('pack.badXml', { line: parser.line, reason: reasonOf(e) });
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
 * Our XML layout (issue 6 §5): UTF-8 without BOM, `<?xml version="1.0" encoding="UTF-8"?>`, groups
 * in order of first appearance with their phrases in list order, a phrase whose group is `''`
 * directly under `<phrasePack>`, a null code as no `code` attribute. Text escapes `&` `<` `>`;
 * attributes also `"` TAB LF. Characters XML 1.0 cannot hold are dropped ({@link XML_INVALID}).
 * LF line endings. Returns the file bytes.
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
