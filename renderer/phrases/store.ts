import { create } from 'zustand';
import { getApi } from '../api/client';
import type { DeleteGroupMode, Phrase, PhraseDraft, PhraseGroup, PhraseSearchResult } from '../../main/phrases/types';

/**
 * One row of the grouped list: a group header or a phrase under it, with its place in the tree
 * (1-based `posInSet` of `setSize` siblings) — the list is virtual, so assistive technology learns
 * the tree's shape from these, not from the DOM (WAI-ARIA 1.2, aria-posinset / aria-setsize).
 */
export type PhraseRow =
  | { kind: 'group'; group: PhraseGroup; collapsed: boolean; posInSet: number; setSize: number }
  /** `header` is the row index of the phrase's group header. */
  | { kind: 'phrase'; phrase: Phrase; header: number; posInSet: number; setSize: number };

/** Hits shown in the search results (the panel asks for at most this many; the total is counted). */
export const SEARCH_LIMIT = 200;

interface PhraseState {
  groups: PhraseGroup[];
  /** Every phrase, in display order (loaded once, re-fetched after each change). */
  phrases: Phrase[];
  /** The flattened grouped list the virtual list draws. */
  rows: PhraseRow[];
  collapsed: ReadonlySet<number>;
  status: 'idle' | 'loading' | 'ready' | 'failed';
  loadError: unknown;
  /** The search box text; a blank (spaces only) query shows the grouped list. */
  query: string;
  /** Results for {@link resultsQuery}; null before the first answer. */
  results: PhraseSearchResult | null;
  resultsQuery: string;
  searchError: unknown;
  /** A phrase just created or edited: the grouped list scrolls to it and flashes it once. */
  revealId: number | null;
  /** The panel is shown (the 快捷短语 button in the composer toolbar toggles it). */
  panelOpen: boolean;
  /** Ctrl+F (⌘F) asked for the search box; the box takes focus (once mounted) and clears this. */
  searchFocusPending: boolean;

  togglePanel(): void;
  /** Opens the panel if it is closed and asks the search box to take focus (Ctrl+F / ⌘F). */
  focusSearch(): void;
  /** The search box took focus: the request is done. */
  searchFocused(): void;
  load(): Promise<void>;
  toggleGroup(id: number): void;
  /** Folds every group (true) or unfolds them all (false), rebuilding the list once. */
  setAllCollapsed(collapsed: boolean): void;
  setQuery(query: string): void;
  createGroup(name: string): Promise<PhraseGroup>;
  renameGroup(id: number, name: string): Promise<void>;
  /** Moves a group one place up (-1) or down (+1). */
  moveGroup(id: number, delta: -1 | 1): Promise<void>;
  deleteGroup(id: number, mode: DeleteGroupMode): Promise<void>;
  createPhrase(draft: PhraseDraft): Promise<Phrase>;
  updatePhrase(id: number, draft: PhraseDraft): Promise<Phrase>;
  deletePhrase(id: number): Promise<void>;
  /** Counts a use (insert or send); failures are logged, never shown (the text was used anyway). */
  recordUse(id: number): void;
}

function flatten(groups: PhraseGroup[], phrases: Phrase[], collapsed: ReadonlySet<number>): PhraseRow[] {
  const byGroup = new Map<number, Phrase[]>();
  for (const p of phrases) {
    let list = byGroup.get(p.groupId);
    if (!list) byGroup.set(p.groupId, (list = []));
    list.push(p);
  }
  const rows: PhraseRow[] = [];
  groups.forEach((group, g) => {
    const isCollapsed = collapsed.has(group.id);
    const header = rows.length;
    rows.push({ kind: 'group', group, collapsed: isCollapsed, posInSet: g + 1, setSize: groups.length });
    if (isCollapsed) return;
    const list = byGroup.get(group.id) ?? [];
    list.forEach((phrase, i) => rows.push({ kind: 'phrase', phrase, header, posInSet: i + 1, setSize: list.length }));
  });
  return rows;
}

let loadSeq = 0;
let searchSeq = 0;

/** The quick-phrase panel's state (docs/phrases.md). */
export const usePhrases = create<PhraseState>((set, get) => {
  const api = () => getApi();

  /** Runs the current query; an answer older than the latest request is dropped. */
  async function runSearch(): Promise<void> {
    const query = get().query;
    const seq = ++searchSeq;
    if (!query.trim()) {
      set({ results: null, resultsQuery: '', searchError: null });
      return;
    }
    try {
      const results = await api().invoke('phrases.search', { query, limit: SEARCH_LIMIT });
      if (seq === searchSeq) set({ results, resultsQuery: query, searchError: null });
    } catch (e) {
      if (seq === searchSeq) set({ searchError: e });
    }
  }

  /** Re-fetches groups and phrases after a change, then refreshes an open search. */
  async function reload(): Promise<void> {
    const seq = ++loadSeq;
    if (get().status !== 'ready') set({ status: 'loading' });
    try {
      const [groups, phrases] = await Promise.all([api().invoke('phrases.listGroups', {}), api().invoke('phrases.list', {})]);
      if (seq !== loadSeq) return;
      const ids = new Set(groups.map((g) => g.id));
      const collapsed = new Set([...get().collapsed].filter((id) => ids.has(id)));
      set({ groups, phrases, collapsed, rows: flatten(groups, phrases, collapsed), status: 'ready', loadError: null });
    } catch (e) {
      if (seq === loadSeq) set({ status: 'failed', loadError: e });
    }
    if (get().query.trim()) await runSearch();
  }

  let revealTimer: ReturnType<typeof setTimeout> | undefined;
  /** Unfolds the phrase's group and marks it for the list to scroll to. */
  function reveal(phrase: Phrase): void {
    const collapsed = new Set(get().collapsed);
    if (collapsed.delete(phrase.groupId)) set({ collapsed, rows: flatten(get().groups, get().phrases, collapsed) });
    set({ revealId: phrase.id });
    clearTimeout(revealTimer);
    revealTimer = setTimeout(() => set({ revealId: null }), 2000);
  }

  return {
    groups: [],
    phrases: [],
    rows: [],
    collapsed: new Set(),
    status: 'idle',
    loadError: null,
    query: '',
    results: null,
    resultsQuery: '',
    searchError: null,
    panelOpen: true,
    searchFocusPending: false,
    revealId: null,

    togglePanel: () => set({ panelOpen: !get().panelOpen }),
    focusSearch: () => set({ panelOpen: true, searchFocusPending: true }),
    searchFocused: () => set({ searchFocusPending: false }),
    load: reload,

    toggleGroup(id) {
      const collapsed = new Set(get().collapsed);
      if (collapsed.has(id)) collapsed.delete(id);
      else collapsed.add(id);
      set({ collapsed, rows: flatten(get().groups, get().phrases, collapsed) });
    },

    setAllCollapsed(all) {
      const collapsed = new Set(all ? get().groups.map((g) => g.id) : []);
      set({ collapsed, rows: flatten(get().groups, get().phrases, collapsed) });
    },

    setQuery(query) {
      set({ query });
      void runSearch();
    },

    async createGroup(name) {
      const group = await api().invoke('phrases.createGroup', { name });
      await reload();
      return group;
    },

    async renameGroup(id, name) {
      await api().invoke('phrases.renameGroup', { id, name });
      await reload();
    },

    async moveGroup(id, delta) {
      const ids = get().groups.map((g) => g.id);
      const i = ids.indexOf(id);
      const j = i + delta;
      if (i < 0 || j < 0 || j >= ids.length) return;
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
      await api().invoke('phrases.reorderGroups', { ids });
      await reload();
    },

    async deleteGroup(id, mode) {
      await api().invoke('phrases.deleteGroup', { id, mode });
      await reload();
    },

    async createPhrase(draft) {
      const phrase = await api().invoke('phrases.create', draft);
      await reload();
      reveal(phrase);
      return phrase;
    },

    async updatePhrase(id, draft) {
      const phrase = await api().invoke('phrases.update', { id, ...draft });
      await reload();
      reveal(phrase);
      return phrase;
    },

    async deletePhrase(id) {
      await api().invoke('phrases.delete', { id });
      await reload();
    },

    recordUse(id) {
      api()
        .invoke('phrases.recordUse', { id })
        .catch((e: unknown) => console.error('phrases.recordUse failed', e));
    },
  };
});
