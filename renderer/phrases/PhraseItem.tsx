import { memo, type KeyboardEvent, type MouseEvent } from 'react';
import type { Phrase } from '../../main/phrases/types';
import { RichText } from '../ui/RichText';
import type { Range } from './highlight';

/**
 * What a row does when used: click inserts, double-click sends (undoing the insert its first click
 * made), right-click opens the menu.
 */
export interface PhraseActions {
  use(phrase: Phrase, how: 'insert' | 'send'): void;
  openMenu(phrase: Phrase, x: number, y: number): void;
}

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
  // A click inserts at once; the second click of a double-click does nothing, and the double-click
  // sends (the panel takes back the first click's insert). No timer, so however slowly the system
  // counts a double-click (Windows allows 500 ms), one double-click sends once and inserts nothing.
  function onClick(e: MouseEvent) {
    if (e.detail > 1) return;
    actions.use(phrase, 'insert');
  }

  function onDoubleClick() {
    actions.use(phrase, 'send');
  }

  function onContextMenu(e: MouseEvent) {
    e.preventDefault();
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
