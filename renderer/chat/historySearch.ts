import { create } from 'zustand';
import { getApi } from '../api/client';
import { errorText } from '../app/i18n';
import type { HistoryHit } from '../../main/chat/types';

/** Hits one 聊天记录 search shows (newest first); the agent narrows the query for older ones. */
export const HISTORY_LIMIT = 100;

interface HistorySearchState {
  open: boolean;
  query: string;
  hits: HistoryHit[];
  status: 'idle' | 'searching' | 'done' | 'error';
  error: string | null;
  /** The query the hits answer (the highlight uses its terms). */
  answered: string;
  show(): void;
  hide(): void;
  setQuery(query: string): void;
  search(): Promise<void>;
}

let seq = 0;

/** 聊天记录 search across every conversation (`history.search`), as the window's panel shows it. */
export const useHistorySearch = create<HistorySearchState>((set, get) => ({
  open: false,
  query: '',
  hits: [],
  status: 'idle',
  error: null,
  answered: '',
  show: () => set({ open: true }),
  hide: () => set({ open: false }),
  setQuery(query) {
    set({ query });
  },
  async search() {
    const query = get().query;
    const mine = ++seq;
    if (!query.trim()) {
      set({ hits: [], status: 'idle', error: null, answered: '' });
      return;
    }
    set({ status: 'searching' });
    try {
      const hits = await getApi().invoke('history.search', { query, limit: HISTORY_LIMIT });
      if (mine === seq) set({ hits, status: 'done', error: null, answered: query });
    } catch (e) {
      if (mine === seq) set({ status: 'error', error: errorText(e) });
    }
  },
}));
