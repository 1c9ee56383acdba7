import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EMOTICONS } from '../phrases/emoticons';
import { gridMove } from './gridNav';
import { IconSmile } from './icons';

/** Cells per row of the grid (the CSS lays the rows out with the same number). */
export const EMOTICON_COLUMNS = 9;

/** The table cut into rows of {@link EMOTICON_COLUMNS}, once. */
const ROWS = Array.from({ length: Math.ceil(EMOTICONS.length / EMOTICON_COLUMNS) }, (_, r) =>
  EMOTICONS.slice(r * EMOTICON_COLUMNS, (r + 1) * EMOTICON_COLUMNS).map((emo, c) => ({ emo, index: r * EMOTICON_COLUMNS + c })),
);

/**
 * The 表情 button and its grid. Picking inserts the text code (`/:^_^`), never the emoji, so phrases
 * and packs stay plain text.
 *
 * The grid is one Tab stop (WAI-ARIA APG grid pattern, roving tabindex): it opens with the first
 * cell focused, the arrow keys move in two dimensions (`gridNav.ts`), Enter or Space picks, Esc
 * closes and puts focus back on the 表情 button; a click elsewhere or Tab away closes it.
 *
 * `placement`: a popover above or below the button, or `inline` — the grid takes its own room in
 * the layout below the button's toolbar, for a dialog, whose scrolling body would clip a popover
 * and whose fields a popover would cover.
 */
export function EmoticonPicker({ onPick, placement = 'above' }: { onPick(code: string): void; placement?: 'above' | 'below' | 'inline' }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const ref = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => {
      if (ref.current && e.target instanceof Node && !ref.current.contains(e.target)) setOpen(false);
    };
    document.addEventListener('mousedown', away, true);
    return () => document.removeEventListener('mousedown', away, true);
  }, [open]);

  // The grid opens on its first cell; an inline grid is scrolled into the dialog's view.
  useLayoutEffect(() => {
    if (!open) return;
    setActive(0);
    const grid = gridRef.current;
    if (placement === 'inline') grid?.scrollIntoView({ block: 'nearest' });
    grid?.querySelector<HTMLElement>('button')?.focus({ preventScroll: true });
  }, [open, placement]);

  function close(returnFocus: boolean) {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  }

  function onGridKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === 'Escape') {
      // Only the grid closes, not a dialog around it.
      e.preventDefault();
      e.stopPropagation();
      close(true);
      return;
    }
    const next = gridMove(active, e, EMOTICONS.length, EMOTICON_COLUMNS);
    if (next === null) return;
    e.preventDefault();
    setActive(next);
    gridRef.current?.querySelector<HTMLElement>(`[data-cell="${next}"]`)?.focus();
  }

  const label = t('chat.emoticons');
  return (
    <div className={`emoticon-picker${placement === 'inline' ? ' inline' : ''}`} ref={ref}>
      <button
        ref={buttonRef}
        type="button"
        className="tool-button"
        aria-label={label}
        title={label}
        aria-expanded={open}
        aria-haspopup={placement === 'inline' ? undefined : 'dialog'}
        // Keep the caret where it is in the text field so the code lands at the cursor.
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => setOpen((o) => !o)}
      >
        <IconSmile />
      </button>
      {open && (
        <div
          className={`emoticon-popover ${placement}`}
          role={placement === 'inline' ? 'group' : 'dialog'}
          aria-label={label}
          onBlur={(e) => {
            // Tab (or a click) took focus out of the picker: it closes, focus stays where it went.
            if (e.relatedTarget instanceof Node && !ref.current?.contains(e.relatedTarget)) setOpen(false);
          }}
        >
          <div className="emoticon-grid" role="grid" aria-label={label} ref={gridRef} onKeyDown={onGridKeyDown}>
            {ROWS.map((row, r) => (
              <div role="row" key={r} className="emoticon-row">
                {row.map(({ emo, index }) => {
                  const name = t(`emoticons.${emo.name}` as 'emoticons.smile');
                  return (
                    <div role="gridcell" key={emo.code}>
                      <button
                        type="button"
                        data-cell={index}
                        tabIndex={index === active ? 0 : -1}
                        aria-label={name}
                        title={`${name} ${emo.code}`}
                        onMouseDown={(e) => e.preventDefault()}
                        onFocus={() => setActive(index)}
                        onClick={() => {
                          onPick(emo.code);
                          close(false);
                        }}
                      >
                        {emo.emoji}
                      </button>
                    </div>
                  );
                })}
              </div>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
