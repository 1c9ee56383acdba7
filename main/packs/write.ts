import { writeCsv, writeQianniuCsv } from './csv';
import { exportPhrases, type ExportColumns, type ExportFormat, type ExportPhrase } from './types';

/**
 * Writes phrases as a pack file in one of the layouts the app exports, and returns its bytes:
 *
 * - `'csv'`: `分组,快捷编码,短语内容`, UTF-8 with BOM and CRLF records (GB18030 without BOM when
 *   `opts.encoding === 'gb18030'`), RFC 4180 quoting and formula-injection apostrophes by
 *   papaparse's `unparse`;
 * - `'qianniu-csv'`: `快捷短语编码,快捷短语,快捷短语分组` in GBK without BOM, 默认分组 as an empty
 *   cell; throws `pack.unencodable` {encoding, count, phrase, snippet} when a character does not
 *   exist in GBK (never written as `?`);
 * - `'xml'`: `<phrasePack version="1">`, UTF-8;
 * - `'xlsx'`: one sheet with the CSV columns, all cells text.
 *
 * `opts.encoding` only affects `'csv'`. Phrases are written in the order given.
 */
export async function writePack(
  phrases: readonly ExportPhrase[] | ExportColumns,
  format: ExportFormat,
  opts: { encoding?: 'utf8' | 'gb18030' } = {},
): Promise<Uint8Array> {
  switch (format) {
    case 'csv':
      return writeCsv(phrases, opts.encoding ? { encoding: opts.encoding } : {});
    case 'qianniu-csv':
      return writeQianniuCsv(exportPhrases(phrases));
    // Loaded for their format only (see `readPack`).
    case 'xml':
      return (await import('./xml')).writeXml(exportPhrases(phrases));
    case 'xlsx':
      return (await import('./xlsx')).writeXlsx(exportPhrases(phrases));
  }
}
