import { describe, expect, it } from 'vitest';
import { trayIconBitmap } from './tray-icon';

/** Un-premultiplied [r, g, b, a] of pixel (x, y). */
function pixel(bitmap: { size: number; bgra: Uint8Array }, x: number, y: number) {
  const o = (y * bitmap.size + x) * 4;
  const a = bitmap.bgra[o + 3]!;
  const un = (v: number) => (a ? Math.round((v * 255) / a) : 0);
  return [un(bitmap.bgra[o + 2]!), un(bitmap.bgra[o + 1]!), un(bitmap.bgra[o]!), a];
}

describe('tray icon', () => {
  it('is the brand frame with a blue dot; the unread version adds a red dot top right', () => {
    for (const size of [16, 32, 64]) {
      const read = trayIconBitmap(size, false);
      const unread = trayIconBitmap(size, true);
      expect(read.bgra.byteLength).toBe(size * size * 4);
      const c = Math.floor(size / 2);
      expect(pixel(read, c, c)).toEqual([0x16, 0x77, 0xff, 255]); // blue centre
      expect(pixel(read, 0, 0)[3]).toBe(0); // rounded corner: transparent
      const badge = [Math.floor((25 / 32) * size), Math.floor((7 / 32) * size)] as const;
      expect(pixel(unread, ...badge)).toEqual([0xf5, 0x22, 0x2d, 255]);
      expect(pixel(read, ...badge)).not.toEqual([0xf5, 0x22, 0x2d, 255]);
      expect(pixel(unread, c, c)).toEqual([0x16, 0x77, 0xff, 255]);
    }
  });

  it('stores premultiplied alpha: no channel exceeds its alpha', () => {
    const { bgra } = trayIconBitmap(32, true);
    for (let i = 0; i < bgra.length; i += 4) {
      expect(Math.max(bgra[i]!, bgra[i + 1]!, bgra[i + 2]!)).toBeLessThanOrEqual(bgra[i + 3]!);
    }
  });
});
