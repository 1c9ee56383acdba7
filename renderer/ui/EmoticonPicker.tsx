import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EMOTICONS } from '../phrases/emoticons';
import { IconSmile } from './icons';

/**
 * The 表情 button and its grid. Picking inserts the text code (`/:^_^`), never the emoji, so phrases
 * and packs stay plain text. Esc or a click elsewhere closes the grid.
 */
export function EmoticonPicker({ onPick, placement = 'above' }: { onPick(code: string): void; placement?: 'above' | 'below' }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => {
      if (ref.current && e.target instanceof Node && !ref.current.contains(e.target)) setOpen(false);
    };
    document.addEventListener('mousedown', away, true);
    ref.current?.querySelector<HTMLElement>('.emoticon-grid button')?.focus();
    return () => document.removeEventListener('mousedown', away, true);
  }, [open]);

  return (
    <div className="emoticon-picker" ref={ref}>
      <button
        type="button"
        className="tool-button"
        aria-label={t('chat.emoticons')}
        title={t('chat.emoticons')}
        aria-expanded={open}
        aria-haspopup="dialog"
        // Keep the caret where it is in the text field so the code lands at the cursor.
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => setOpen((o) => !o)}
      >
        <IconSmile />
      </button>
      {open && (
        <div
          className={`emoticon-popover ${placement}`}
          role="dialog"
          aria-label={t('chat.emoticons')}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              setOpen(false);
            }
          }}
        >
          <div className="emoticon-grid">
            {EMOTICONS.map((emo) => {
              const name = t(`emoticons.${emo.name}` as 'emoticons.smile');
              return (
                <button
                  key={emo.code}
                  type="button"
                  aria-label={name}
                  title={`${name} ${emo.code}`}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => {
                    onPick(emo.code);
                    setOpen(false);
                  }}
                >
                  {emo.emoji}
                </button>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
