import { useEffect } from 'react';
import { create } from 'zustand';
import type { Phrase } from '../../main/phrases/types';
import { getApi } from '../api/client';
import { isConnected } from '../api/connection';
import { useChat } from '../chat/store';
import { isComposing } from '../ui/keys';
import { usePhrases } from './store';
import { SUGGESTIONS, suggestionKey } from './suggestionKey';

export { SUGGESTIONS };

/**
 * Suggested replies (推荐回复; docs/chat-window.md "Suggested replies"): while the open
 * conversation's newest message is the buyer's, the phrase panel offers the phrases that best
 * answer it (`phrases.suggest`, ranked on the machine: docs/phrases.md "Suggested replies"), and
 * Alt+1…3 sends one — variables filled as the composer fills them, its use counted as a phrase
 * click counts it, the message marked `composed: 'suggestion'`.
 */


interface SuggestionState {
  /** The buyer message answered, or null. */
  messageId: number | null;
  phrases: Phrase[];
  set(messageId: number | null, phrases: Phrase[]): void;
}

/** The suggestions for the open conversation's newest buyer message (zustand). */
export const useSuggestions = create<SuggestionState>((set) => ({
  messageId: null,
  phrases: [],
  set: (messageId, phrases) => set({ messageId, phrases }),
}));

let seq = 0;

/**
 * Keeps {@link useSuggestions} on the open conversation's newest message: asks main when it is a
 * buyer's (and counted: another shop's bot marked automatic is not a question), empties it
 * otherwise — once the agent answers, the suggestions go. Mounted by the phrase panel: closed, it
 * asks nothing.
 */
export function useSuggestionFeed(): void {
  const newest = useChat((s) => (s.hasNewer ? null : (s.messages[s.messages.length - 1] ?? null)));
  const id = newest && newest.sender === 'buyer' && !newest.automatic && newest.id > 0 ? newest.id : null;
  const body = id !== null ? newest!.body : '';
  useEffect(() => {
    const mine = ++seq;
    if (id === null) {
      useSuggestions.getState().set(null, []);
      return;
    }
    if (useSuggestions.getState().messageId !== id) useSuggestions.getState().set(null, []);
    getApi()
      .invoke('phrases.suggest', { message: body, limit: SUGGESTIONS })
      .then((r) => {
        if (mine === seq) useSuggestions.getState().set(id, r.hits.map((h) => h.phrase));
      })
      .catch(() => {
        // No suggestions is a quiet state (the host away: the connection bar says so).
        if (mine === seq) useSuggestions.getState().set(null, []);
      });
    return () => {
      seq++;
    };
  }, [id, body]);
}

/** Sends suggestion `index` (0-based) to the open conversation; false when there is none to send. */
export function sendSuggestion(index: number): boolean {
  const phrase = useSuggestions.getState().phrases[index];
  if (!phrase || !isConnected() || useChat.getState().activeId === null) return false;
  // As a phrase's double-click: the composer's send fills the variables (or shows the gap). Stored
  // as composed from a suggestion: the training shift's response time with and without 推荐回复.
  if (!useChat.getState().send(phrase.content, 'suggestion')) return true;
  usePhrases.getState().recordUse(phrase.id);
  return true;
}

/**
 * Alt+1…Alt+3 anywhere in the window sends that suggestion while the phrase panel shows them —
 * not under a dialog, not while an input method composes.
 */
export function useSuggestedReplyKeys(): void {
  useEffect(() => {
    const onKeyDown = (e: globalThis.KeyboardEvent) => {
      if (e.defaultPrevented || isComposing(e)) return;
      const index = suggestionKey(e);
      if (index === null || !usePhrases.getState().panelOpen) return;
      if (document.querySelector('[aria-modal="true"]')) return;
      if (index >= useSuggestions.getState().phrases.length) return;
      e.preventDefault();
      sendSuggestion(index);
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);
}
