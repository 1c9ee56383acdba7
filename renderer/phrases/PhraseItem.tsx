import { memo, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import type { Phrase } from '../../main/phrases/types';
import { RichText } from '../ui/RichText';
import type { Range } from './highlight';

/** What a row does when used: click inserts, double-click sends, right-click opens the menu. */
export interface PhraseActions {
  use(phrase: Phrase, how: 'insert' | 'send'): void;
  openMenu(phrase: Phrase, x: number, y: number): void;
}

/**
 * Delay before a single click inserts, so the two clicks of a double-click send once instead of
 * inserting twice first (Windows' default double-click time is 500 ms; most people click in < 250).
 */
const CLICK_DELAY_MS = 250;

/**
 * One phrase row: `/code` tag and the content on one line (full text as tooltip). In search
 * results the matches are marked and the group is shown.
 */
export const PhraseItem = memo(function PhraseItem(props: {
  phrase: Phrase;
  actions: PhraseActions;
  ranges?: readonly Range[];
  /** Leading characters of the code to mark (search results). */
  codeMark?: number;
  /** The group's name, shown at the right (search results). */
  groupLabel?: string;
  /** Text to draw instead of the content (a search snippet); the tooltip keeps the full text. */
  displayText?: string;
}) {
  const { phrase, actions, ranges, codeMark = 0, groupLabel, displayText } = props;
  const timer = useRef<number | undefined>(undefined);

  function onClick(e: MouseEvent) {
    // detail 0: keyboard (Enter / Space) — act at once; detail ≥ 2: part of a double-click.
    if (e.detail === 0) return actions.use(phrase, 'insert');
    if (e.detail > 1) return;
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => actions.use(phrase, 'insert'), CLICK_DELAY_MS);
  }

  function onDoubleClick() {
    window.clearTimeout(timer.current);
    actions.use(phrase, 'send');
  }

  function onContextMenu(e: MouseEvent) {
    e.preventDefault();
    window.clearTimeout(timer.current);
    actions.openMenu(phrase, e.clientX, e.clientY);
  }

  function onKeyDown(e: KeyboardEvent<HTMLButtonElement>) {
    if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      e.preventDefault();
      const r = e.currentTarget.getBoundingClientRect();
      actions.openMenu(phrase, r.left + 24, r.bottom);
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      actions.use(phrase, 'send');
    }
  }

  const code = phrase.shortcutCode;
  return (
    <button
      type="button"
      className="phrase-item"
      title={phrase.content}
      data-phrase-id={phrase.id}
      onClick={onClick}
      onDoubleClick={onDoubleClick}
      onContextMenu={onContextMenu}
      onKeyDown={onKeyDown}
    >
      {code && (
        <span className="code-tag">
          /{codeMark > 0 ? <mark>{code.slice(0, codeMark)}</mark> : null}
          {code.slice(codeMark)}
        </span>
      )}
      <span className="phrase-content">
        <RichText text={displayText ?? phrase.content} {...(ranges ? { ranges } : {})} />
      </span>
      {groupLabel && <span className="phrase-group">{groupLabel}</span>}
    </button>
  );
});
