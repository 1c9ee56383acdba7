import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { XiaoniuError } from '../shared/errors';
import type { Archive, ArchivePart } from './zip-archive';

/**
 * Streams one XML part of a workbook through saxes: the part is inflated, decoded and parsed chunk
 * by chunk, so no part is ever held whole — only what the handlers keep.
 */

/** What a part handler sees of an element: its local name (prefix dropped) and its attributes. */
export interface XmlElement {
  /** `row` for `<row>` and for `<x:row>` (files from the OpenXML SDK use a prefix). */
  name: string;
  attributes: Record<string, string>;
}

/** Callbacks for {@link parseXmlPart}; all optional. `text` is decoded (entities resolved). */
export interface XmlHandlers {
  open?(element: XmlElement): void;
  close?(name: string): void;
  text?(text: string): void;
}

/** `x:row` → `row`. */
export function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

/**
 * Parses `part` (at most `capBytes` inflated) with `handlers`. UTF-8, or UTF-16 with a BOM (OPC
 * allows both). Throws `pack.xlsxDamaged` for malformed XML, bytes that are not text in that
 * encoding, or a DOCTYPE (no spreadsheet program writes one; refusing it keeps entity tricks out),
 * `pack.xlsxTooLarge` as `Archive.read` does, and whatever a handler throws.
 */
export async function parseXmlPart(archive: Archive, part: ArchivePart, capBytes: number, handlers: XmlHandlers): Promise<void> {
  const parser = new SaxesParser({ xmlns: false, position: false });
  parser.on('error', () => {
    throw new XiaoniuError('pack.xlsxDamaged');
  });
  parser.on('doctype', () => {
    throw new XiaoniuError('pack.xlsxDamaged');
  });
  if (handlers.open) {
    const open = handlers.open;
    parser.on('opentag', (tag: SaxesTagPlain) => open({ name: localName(tag.name), attributes: tag.attributes }));
  }
  if (handlers.close) {
    const close = handlers.close;
    parser.on('closetag', (tag: SaxesTagPlain) => close(localName(tag.name)));
  }
  if (handlers.text) {
    parser.on('text', handlers.text);
    parser.on('cdata', handlers.text);
  }
  let decoder: TextDecoder | undefined;
  const decode = (chunk?: Buffer): string => {
    try {
      if (!decoder) {
        const bom = chunk && chunk.length >= 2 ? (chunk[0]! << 8) | chunk[1]! : 0;
        decoder = new TextDecoder(bom === 0xfffe ? 'utf-16le' : bom === 0xfeff ? 'utf-16be' : 'utf-8', { fatal: true });
      }
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new XiaoniuError('pack.xlsxDamaged');
    }
  };
  await archive.read(part, capBytes, (chunk) => parser.write(decode(chunk)));
  parser.write(decode());
  parser.close();
}
