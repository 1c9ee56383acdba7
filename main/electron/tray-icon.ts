/**
 * The tray icon, drawn in code so the build ships no image files and the unread dot is the same
 * picture on every platform: the favicon's frame (white rounded square, brand-blue border) with a
 * blue dot inside, and a red badge dot in the top-right corner while messages are unread. The
 * count itself is in the tooltip, the macOS menu-bar title and the dock badge (drawing digits would
 * need a font).
 */

/** Brand blue #1677ff, the favicon's (renderer/public/favicon.svg). */
const BLUE = [0x16, 0x77, 0xff] as const;
/** Unread red #f5222d. */
const RED = [0xf5, 0x22, 0x2d] as const;
const WHITE = [0xff, 0xff, 0xff] as const;

/**
 * A tray bitmap: `size`×`size` pixels, 4 bytes each in B, G, R, A order with premultiplied alpha —
 * Skia's N32 premultiplied format on little-endian machines, which `nativeImage.createFromBitmap`
 * wraps without converting.
 */
export interface TrayBitmap {
  size: number;
  bgra: Uint8Array;
}

/**
 * Draws the icon at `size` pixels (32 for a 16-point tray at scale factor 2), with the red badge
 * when `unread` is true. Edges are anti-aliased by coverage over 4×4 sub-samples.
 */
export function trayIconBitmap(size: number, unread: boolean): TrayBitmap {
  const bgra = new Uint8Array(size * size * 4);
  const s = size / 32; // the design is on a 32-unit grid, like the favicon
  const inRoundedRect = (x: number, y: number, inset: number, r: number) => {
    const lo = inset * s;
    const hi = size - inset * s;
    const rr = r * s;
    if (x < lo || x > hi || y < lo || y > hi) return false;
    const cx = Math.min(Math.max(x, lo + rr), hi - rr);
    const cy = Math.min(Math.max(y, lo + rr), hi - rr);
    return (x - cx) ** 2 + (y - cy) ** 2 <= rr * rr;
  };
  const inCircle = (x: number, y: number, cx: number, cy: number, r: number) => (x - cx * s) ** 2 + (y - cy * s) ** 2 <= (r * s) ** 2;
  /** The colour at a point, or null for transparent. */
  const colourAt = (x: number, y: number): readonly number[] | null => {
    if (unread) {
      if (inCircle(x, y, 25, 7, 6)) return RED;
      if (inCircle(x, y, 25, 7, 8)) return null; // a transparent ring sets the badge off the frame
    }
    if (!inRoundedRect(x, y, 1, 7)) return null;
    if (!inRoundedRect(x, y, 3.5, 5)) return BLUE; // the 2.5-unit border
    if (inCircle(x, y, 16, 16, 6.5)) return BLUE;
    return WHITE;
  };
  const SUB = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < SUB; sy++) {
        for (let sx = 0; sx < SUB; sx++) {
          const c = colourAt(px + (sx + 0.5) / SUB, py + (sy + 0.5) / SUB);
          if (!c) continue;
          r += c[0]!;
          g += c[1]!;
          b += c[2]!;
          covered++;
        }
      }
      const o = (py * size + px) * 4;
      if (covered === 0) continue;
      // Premultiplied: colour × coverage, as the alpha is.
      bgra[o] = Math.round(b / (SUB * SUB));
      bgra[o + 1] = Math.round(g / (SUB * SUB));
      bgra[o + 2] = Math.round(r / (SUB * SUB));
      bgra[o + 3] = Math.round((255 * covered) / (SUB * SUB));
    }
  }
  return { size, bgra };
}
