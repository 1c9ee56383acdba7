import { create } from 'zustand';
import { isConnected } from '../api/connection';

/** A message the agent sent in the draft conversation (the chat issue replaces this). */
export interface DraftMessage {
  id: number;
  text: string;
  /** ms since the epoch. */
  sentAt: number;
}

interface ChatState {
  /** The composer's text. */
  draft: string;
  /** The composer's selection, kept so the phrase panel can insert at the cursor. */
  selection: { start: number; end: number };
  /** Bumped when something outside the composer changed the draft: the composer refocuses. */
  focusTick: number;
  messages: DraftMessage[];
  /** Called by the composer on every edit and caret move. */
  setDraft(draft: string, selection: { start: number; end: number }): void;
  setSelection(selection: { start: number; end: number }): void;
  /** Inserts `text` at the cursor, replacing the selection (a click on a phrase, an emoticon). */
  insert(text: string): void;
  /** Replaces [start, end) of the draft with `text` and puts the cursor after it (`/code` picks). */
  replaceRange(start: number, end: number, text: string): void;
  /**
   * Appends a message; returns false for blank text, or while the app is out of reach (the
   * connection bar says so; the draft stays). Clears the draft when `text` is omitted.
   */
  send(text?: string): boolean;
}

let nextId = 1;

/** The draft conversation and composer (until buyers' messages arrive, "send" adds to a list). */
export const useChat = create<ChatState>((set, get) => ({
  draft: '',
  selection: { start: 0, end: 0 },
  focusTick: 0,
  messages: [],
  setDraft: (draft, selection) => set({ draft, selection }),
  setSelection: (selection) => set({ selection }),
  insert(text) {
    const { draft, selection } = get();
    const start = Math.min(selection.start, draft.length);
    const end = Math.min(Math.max(selection.end, start), draft.length);
    get().replaceRange(start, end, text);
  },
  replaceRange(start, end, text) {
    const { draft, focusTick } = get();
    const caret = start + text.length;
    set({ draft: draft.slice(0, start) + text + draft.slice(end), selection: { start: caret, end: caret }, focusTick: focusTick + 1 });
  },
  send(text) {
    const body = (text ?? get().draft).replace(/\r\n?/g, '\n').trim();
    if (!body || !isConnected()) return false;
    const message = { id: nextId++, text: body, sentAt: Date.now() };
    set((s) => ({
      messages: [...s.messages, message],
      ...(text === undefined ? { draft: '', selection: { start: 0, end: 0 }, focusTick: s.focusTick + 1 } : {}),
    }));
    return true;
  },
}));
