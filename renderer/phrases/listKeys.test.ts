import { describe, expect, it } from 'vitest';
import type { Phrase, PhraseGroup } from '../../main/phrases/types';
import type { KeyPress } from '../ui/keys';
import { listCommand, treeCommand } from './listKeys';
import type { PhraseRow } from './store';

const key = (k: string, mods: Partial<KeyPress> = {}): KeyPress => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

function group(id: number, collapsed: boolean, pos: number): PhraseRow {
  return { kind: 'group', group: { id, name: `g${id}`, isDefault: id === 1, phraseCount: 2 } as PhraseGroup, collapsed, posInSet: pos, setSize: 3 };
}
function phrase(id: number, header: number, pos: number): PhraseRow {
  return { kind: 'phrase', phrase: { id, content: `p${id}` } as Phrase, header, posInSet: pos, setSize: 2 };
}

// 0 g1 (open) · 1 p10 · 2 p11 · 3 g2 (closed) · 4 g3 (open, empty)
const rows: PhraseRow[] = [group(1, false, 1), phrase(10, 0, 1), phrase(11, 0, 2), group(2, true, 2), group(3, false, 3)];

describe('treeCommand (WAI-ARIA APG tree view keys)', () => {
  it('↓ ↑ move through phrases and headers alike; ↑ on the first row leaves for the search box', () => {
    expect(treeCommand(rows, 0, key('ArrowDown'), 5)).toEqual({ kind: 'focus', index: 1 });
    expect(treeCommand(rows, 2, key('ArrowDown'), 5)).toEqual({ kind: 'focus', index: 3 });
    expect(treeCommand(rows, 4, key('ArrowDown'), 5)).toEqual({ kind: 'focus', index: 4 });
    expect(treeCommand(rows, 3, key('ArrowUp'), 5)).toEqual({ kind: 'focus', index: 2 });
    expect(treeCommand(rows, 0, key('ArrowUp'), 5)).toEqual({ kind: 'leave' });
  });

  it('Home, End and the page keys stay inside the list', () => {
    expect(treeCommand(rows, 2, key('Home'), 5)).toEqual({ kind: 'focus', index: 0 });
    expect(treeCommand(rows, 1, key('End'), 5)).toEqual({ kind: 'focus', index: 4 });
    expect(treeCommand(rows, 1, key('PageDown'), 2)).toEqual({ kind: 'focus', index: 3 });
    expect(treeCommand(rows, 1, key('PageDown'), 10)).toEqual({ kind: 'focus', index: 4 });
    expect(treeCommand(rows, 3, key('PageUp'), 10)).toEqual({ kind: 'focus', index: 0 });
  });

  it('→ opens a closed group, then moves to its first phrase; nothing under an empty group', () => {
    expect(treeCommand(rows, 3, key('ArrowRight'), 5)).toEqual({ kind: 'toggle', index: 3 });
    expect(treeCommand(rows, 0, key('ArrowRight'), 5)).toEqual({ kind: 'focus', index: 1 });
    expect(treeCommand(rows, 4, key('ArrowRight'), 5)).toBeNull();
    expect(treeCommand(rows, 1, key('ArrowRight'), 5)).toBeNull();
  });

  it('← closes an open group and moves from a phrase to its header; a closed group stays', () => {
    expect(treeCommand(rows, 0, key('ArrowLeft'), 5)).toEqual({ kind: 'toggle', index: 0 });
    expect(treeCommand(rows, 2, key('ArrowLeft'), 5)).toEqual({ kind: 'focus', index: 0 });
    expect(treeCommand(rows, 3, key('ArrowLeft'), 5)).toBeNull();
  });

  it('Enter inserts a phrase, Ctrl+Enter or ⌘Enter sends it, Enter or Space folds a group', () => {
    expect(treeCommand(rows, 1, key('Enter'), 5)).toEqual({ kind: 'insert', index: 1 });
    expect(treeCommand(rows, 1, key('Enter', { ctrlKey: true }), 5)).toEqual({ kind: 'send', index: 1 });
    expect(treeCommand(rows, 1, key('Enter', { metaKey: true }), 5)).toEqual({ kind: 'send', index: 1 });
    expect(treeCommand(rows, 1, key('Enter', { shiftKey: true }), 5)).toBeNull();
    expect(treeCommand(rows, 0, key('Enter'), 5)).toEqual({ kind: 'toggle', index: 0 });
    expect(treeCommand(rows, 3, key(' '), 5)).toEqual({ kind: 'toggle', index: 3 });
    expect(treeCommand(rows, 0, key('Enter', { ctrlKey: true }), 5)).toBeNull();
  });

  it('the Menu key and Shift+F10 open the row menu; F10 alone and modified arrows do nothing', () => {
    expect(treeCommand(rows, 1, key('ContextMenu'), 5)).toEqual({ kind: 'menu', index: 1 });
    expect(treeCommand(rows, 3, key('F10', { shiftKey: true }), 5)).toEqual({ kind: 'menu', index: 3 });
    expect(treeCommand(rows, 1, key('F10'), 5)).toBeNull();
    expect(treeCommand(rows, 1, key('ArrowDown', { shiftKey: true }), 5)).toBeNull();
    expect(treeCommand(rows, 0, key('ArrowRight', { altKey: true }), 5)).toBeNull();
    expect(treeCommand([], 0, key('ArrowDown'), 5)).toBeNull();
  });
});

describe('listCommand (search results, a listbox)', () => {
  it('moves, leaves at the top, and uses the phrase like the tree does', () => {
    expect(listCommand(3, 0, key('ArrowDown'), 5)).toEqual({ kind: 'focus', index: 1 });
    expect(listCommand(3, 2, key('ArrowDown'), 5)).toEqual({ kind: 'focus', index: 2 });
    expect(listCommand(3, 0, key('ArrowUp'), 5)).toEqual({ kind: 'leave' });
    expect(listCommand(3, 1, key('End'), 5)).toEqual({ kind: 'focus', index: 2 });
    expect(listCommand(3, 1, key('Enter'), 5)).toEqual({ kind: 'insert', index: 1 });
    expect(listCommand(3, 1, key('Enter', { ctrlKey: true }), 5)).toEqual({ kind: 'send', index: 1 });
    expect(listCommand(3, 1, key('F10', { shiftKey: true }), 5)).toEqual({ kind: 'menu', index: 1 });
    expect(listCommand(3, 1, key('ArrowRight'), 5)).toBeNull();
    expect(listCommand(0, 0, key('ArrowDown'), 5)).toBeNull();
  });
});
