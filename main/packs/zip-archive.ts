import * as yauzl from 'yauzl';
import { XiaoniuError } from '../shared/errors';

/**
 * A ZIP archive read from memory with a budget (an .xlsx workbook is one: ECMA-376 Part 2, Open
 * Packaging Conventions). Every part is inflated as a stream and its bytes are counted while they
 * come out, so a workbook whose headers lie about its sizes costs no more than one whose headers
 * tell the truth: a 1 GB "zip bomb" sheet in a 3 MB file is refused after its declared size (or
 * the caller's cap) instead of being inflated into memory.
 *
 * yauzl reads the central directory and, with `validateEntrySizes`, fails a stream that inflates to
 * more bytes than the entry declared; the cap here is counted independently of that check.
 */

/** Parts in one archive past which it is no workbook we read (a workbook has 10–30). */
export const MAX_ZIP_ENTRIES = 2_000;

/** One part (file) of the archive. */
export interface ArchivePart {
  /** The part name as stored (`xl/worksheets/sheet1.xml`). */
  name: string;
  /** Inflated size as the central directory declares it, in bytes (checked while inflating). */
  declaredSize: number;
}

/** An opened archive; see {@link openArchive}. */
export interface Archive {
  /**
   * The part named `name`, matched as OPC part names are: case-insensitively, `\` read as `/`,
   * without a leading `/`. Undefined when absent.
   */
  part(name: string): ArchivePart | undefined;
  /**
   * Inflates `part` and hands its bytes to `onChunk` as they come out. Throws
   * `pack.xlsxTooLarge` — before inflating a byte when the declared size is over `capBytes`,
   * otherwise as soon as more than `capBytes` (or more than declared) have come out — and
   * `pack.xlsxDamaged` when the data does not inflate. An error `onChunk` throws stops the
   * inflating and is rethrown as is.
   */
  read(part: ArchivePart, capBytes: number, onChunk: (chunk: Buffer) => void): Promise<void>;
}

/**
 * Opens a ZIP held in `bytes`: reads its central directory (not a byte is inflated yet).
 * Throws `pack.xlsxDamaged` when there is no readable central directory (a truncated download) and
 * `pack.xlsxTooLarge` when it lists more than {@link MAX_ZIP_ENTRIES} parts.
 */
export async function openArchive(bytes: Uint8Array): Promise<Archive> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      lazyEntries: true,
      validateEntrySizes: true,
      decodeStrings: true,
    });
  } catch {
    throw new XiaoniuError('pack.xlsxDamaged');
  }
  if (zip.entryCount > MAX_ZIP_ENTRIES) throw new XiaoniuError('pack.xlsxTooLarge');
  const entries = new Map<string, yauzl.Entry>();
  try {
    for await (const entry of zip.eachEntry()) {
      const key = partKey(entry.fileName);
      if (!entries.has(key)) entries.set(key, entry);
    }
  } catch {
    throw new XiaoniuError('pack.xlsxDamaged');
  }
  const parts = new Map<yauzl.Entry, ArchivePart>();
  return {
    part(name) {
      const entry = entries.get(partKey(name));
      if (!entry) return undefined;
      let part = parts.get(entry);
      if (!part) parts.set(entry, (part = { name: entry.fileName, declaredSize: entry.uncompressedSize }));
      return part;
    },
    async read(part, capBytes, onChunk) {
      const entry = entries.get(partKey(part.name));
      if (!entry) throw new XiaoniuError('pack.xlsxDamaged');
      if (entry.uncompressedSize > capBytes) throw new XiaoniuError('pack.xlsxTooLarge');
      if (entry.isEncrypted() || !entry.canDecodeFileData()) throw new XiaoniuError('pack.xlsxDamaged');
      let stream: NodeJS.ReadableStream & { destroy(): void };
      try {
        stream = (await zip.openReadStreamPromise(entry)) as typeof stream;
      } catch {
        throw new XiaoniuError('pack.xlsxDamaged');
      }
      let inflated = 0;
      let fromCaller: { error: unknown } | undefined;
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          inflated += chunk.length;
          if (inflated > capBytes) throw new XiaoniuError('pack.xlsxTooLarge');
          try {
            onChunk(chunk);
          } catch (error) {
            fromCaller = { error };
            throw error;
          }
        }
      } catch (e) {
        if (fromCaller || e instanceof XiaoniuError) throw e;
        // yauzl's "too many bytes in the stream": the part inflates past its declared size.
        if (/too many bytes/i.test(String((e as Error)?.message))) throw new XiaoniuError('pack.xlsxTooLarge');
        // Anything else the stream emits is zlib's or yauzl's word on broken data.
        throw new XiaoniuError('pack.xlsxDamaged');
      } finally {
        stream.destroy();
      }
    },
  };
}

/** The comparable form of a part name (OPC part names are ASCII-case-insensitive). */
function partKey(name: string): string {
  return name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();
}
