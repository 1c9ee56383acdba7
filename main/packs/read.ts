import { XiaoniuError } from '../shared/errors';
import { readCsv } from './csv';
import { assertLooksLikeText, decodeText, sniffContainer, sniffTextFormat } from './detect';
import type { ParsedPack, ReadOptions } from './types';

/**
 * Reads a phrase pack from its bytes (docs/packs.md "What the app reads"), whatever the file name
 * said: the format and the text encoding come from the bytes (see `sniffContainer`, `decodeText`,
 * `sniffTextFormat`), and `opts.format` / `opts.encoding` override them (the import preview lets
 * the user pick).
 *
 * Returns raw rows (cells as read, LF line breaks, one BOM stripped, Wangwang escapes decoded,
 * apostrophe rule applied for CSV) plus row problems; the phrases service applies the phrase rules.
 *
 * Throws `XiaoniuError` for file-level problems: `pack.empty`, `pack.legacyXls`,
 * `pack.notAPhrasePack`, `pack.badEncoding`, `pack.unsupportedEncoding`, and those of the format's
 * reader (`pack.unterminatedQuote`, `pack.raggedRows`, `pack.tooManyColumns`,
 * `pack.noContentColumn`, `pack.xmlDoctype`, `pack.badXml`, `pack.xmlVersion`).
 */
export async function readPack(bytes: Uint8Array, opts: ReadOptions = {}): Promise<ParsedPack> {
  const container = await sniffContainer(bytes);
  const format = opts.format ?? (container === 'xlsx' ? 'xlsx' : undefined);
  // The XML and workbook readers (and their parser and zip libraries) load only for their files:
  // the CLI starts for one file, and compiling them cost every CSV import ~40 ms.
  if (format === 'xlsx') return (await import('./xlsx')).readXlsx(bytes);
  if (container === 'xlsx') {
    // The user forced CSV/XML on a workbook: its bytes are a ZIP, not text.
    throw new XiaoniuError('pack.notAPhrasePack');
  }
  const { text, encoding } = decodeText(bytes, opts.encoding);
  assertLooksLikeText(text);
  return (format ?? sniffTextFormat(text)) === 'xml' ? (await import('./xml')).readXml(text, encoding) : readCsv(text, encoding);
}
