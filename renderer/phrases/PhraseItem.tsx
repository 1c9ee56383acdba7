import { memo, type MouseEvent } from 'react';
import type { Phrase } from '../../main/phrases/types';
import { RichText } from '../ui/RichText';
import type { Range } from './highlight';

/**
 * What a row does when used: click or Enter inserts, double-click or Ctrl+Enter sends, right-click
 * or the menu keys open the menu. `from` says which: a double-click's first click has already
 * inserted the phrase and the panel takes that back; a key press never has.
 */
export interface PhraseActions {
  use(phrase: Phrase, how: 'insert' | 'send', from: 'pointer' | 'key'): void;
  openMenu(phrase: Phrase, x: number, y: number): void;
}

/** Height of a phrase row in px: two lines of text (20 px each) and the padding. No row is measured. */
export const PHRASE_ROW_HEIGHT = 52;

/**
 * Focuses a row the mouse pressed without letting the browser scroll it into view first: a row half
 * out of view would otherwise move under the pointer between the two clicks of a double-click, and
 * the second click would land on (and send) the next phrase.
 */
export function focusOnPress(e: MouseEvent<HTMLElement>): void {
  if (e.button !== 0 && e.button !== 2) return;
  e.preventDefault();
  e.currentTarget.focus({ preventScroll: true });
}

/**
 * One phrase row — a treeitem of the grouped list or an option of the search results: the
 * `/code` in a fixed-width column (so contents line up) and the content on up to two lines (most
 * phrases start with 亲，, so one line tells them apart badly); the full text as tooltip. In search
 * results the matches are marked and the group is shown under the code.
 *
 * The list owns focus (roving tabindex: `tabIndex` 0 on its current row only) and the keys; the
 * row handles the pointer.
 */
export const PhraseItem = memo(function PhraseItem(props: {
  phrase: Phrase;
  actions: PhraseActions;
  role: 'treeitem' | 'option';
  id: string;
  /** The row's index in its list (read back by the list's focus handler). */
  index: number;
  tabIndex: 0 | -1;
  /** 1-based place among the row's siblings, and their number (the list is virtual). */
  posInSet: number;
  setSize: number;
  /** Tree level (2: under a group header); options have none. */
  level?: number;
  /** Options only: the current option of a listbox is its selected one. */
  selected?: boolean;
  ranges?: readonly Range[];
  /** Leading characters of the code to mark (search results). */
  codeMark?: number;
  /** The group's name, shown under the code (search results). */
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
    actions.use(phrase, 'insert', 'pointer');
  }

  function onDoubleClick() {
    actions.use(phrase, 'send', 'pointer');
  }

  function onContextMenu(e: MouseEvent) {
    e.preventDefault();
    actions.openMenu(phrase, e.clientX, e.clientY);
  }

  const code = phrase.shortcutCode;
  return (
    <div
      role={props.role}
      id={props.id}
      tabIndex={props.tabIndex}
      aria-level={props.level}
      aria-posinset={props.posInSet}
      aria-setsize={props.setSize}
      aria-selected={props.role === 'option' ? !!props.selected : undefined}
      className={`phrase-item${groupLabel ? ' with-group' : ''}`}
      title={phrase.content}
      data-row={props.index}
      data-phrase-id={phrase.id}
      onMouseDown={focusOnPress}
      onClick={onClick}
      onDoubleClick={onDoubleClick}
      onContextMenu={onContextMenu}
    >
      <span className="phrase-meta">
        {code ? (
          <span className="code-tag" title={`/${code}`}>
            /{codeMark > 0 ? <mark>{code.slice(0, codeMark)}</mark> : null}
            {code.slice(codeMark)}
          </span>
        ) : null}
        {groupLabel && <span className="phrase-group">{groupLabel}</span>}
      </span>
      <span className="phrase-content">
        <RichText text={displayText ?? phrase.content} {...(ranges ? { ranges } : {})} />
      </span>
    </div>
  );
});
