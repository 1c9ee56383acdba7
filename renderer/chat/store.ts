import { create } from 'zustand';
import { getApi } from '../api/client';
import { isConnected } from '../api/connection';
import { errorText } from '../app/i18n';
import type { ChatVariables } from '../../main/chat/api';
import type { Composed, Contact, Message, MessageState } from '../../main/chat/types';
import { fillVariables, type VariableName, type VariableValues } from '../../main/shared/variables';
import { localDateTime } from './time';
import { useSettings } from '../settings/store';

/**
 * The chat window's state (docs/chat-window.md): the contact list (最近联系), the open
 * conversation's loaded stretch of messages, the composer's draft — one per conversation — and the
 * total unread count for the title. Main is the source of truth: events ('chat.message',
 * 'chat.messageState', 'chat.contact') are complete facts this store folds in, and after a
 * reconnect it reloads rather than replays.
 */

/** Contacts per page of the list. */
export const CONTACT_PAGE = 50;
/** Messages per page of a conversation (latest, older, newer). */
export const MESSAGE_PAGE = 60;
/** How long a search hit stays highlighted after the jump, ms. */
export const FLASH_MS = 2500;

/** The composer's text and caret for one conversation. */
interface Draft {
  text: string;
  selection: { start: number; end: number };
  /** A quick phrase was inserted into it since it was last empty (see `draftHasPhrase`). */
  phrase: boolean;
}

/**
 * How a draft sent from the composer was composed (docs/chat-window.md "How a message was
 * composed"): `phrase` when a quick phrase was inserted into it — by `/code`, a click or Enter in
 * the phrase panel — since the composer was last empty, however much it was edited afterwards;
 * `typed` otherwise (typing, pasting and emoticons alone).
 */
export function draftComposed(draftHasPhrase: boolean): Composed {
  return draftHasPhrase ? 'phrase' : 'typed';
}

/** A message as the window holds it: a stored one, or ours on its way to main (`local`). */
export interface ShownMessage extends Message {
  /** Not stored yet: the `chat.send` call is under way (shown 发送中). */
  local?: boolean;
}

interface ChatState {
  contacts: Contact[];
  /** The contact list's nickname filter ('' = all). */
  contactQuery: string;
  contactsStatus: 'idle' | 'loading' | 'ready' | 'error';
  contactsError: string | null;
  /** More contacts exist past the last loaded row. */
  moreContacts: boolean;
  /** The open conversation, or null. */
  activeId: number | null;
  /** Its contact row as last seen (kept when the list's filter hides it). */
  active: Contact | null;
  /** Its loaded stretch of messages, oldest first. */
  messages: ShownMessage[];
  /** Older messages exist before the first loaded one. */
  hasOlder: boolean;
  /** Newer messages exist after the last loaded one (opened at a search hit). */
  hasNewer: boolean;
  loadingOlder: boolean;
  /** Bumped when the conversation was (re)loaded: the view scrolls to the bottom or to `focusMessageId`. */
  openTick: number;
  /** A message to scroll into view and highlight briefly (a search hit), or null. */
  focusMessageId: number | null;
  conversationError: string | null;
  /** Unread buyer messages over all conversations (the title). */
  totalUnread: number;
  /** The variables' values for the open conversation (null until loaded). */
  variables: ChatVariables | null;
  /** The composer's text and caret (the open conversation's draft). */
  draft: string;
  selection: { start: number; end: number };
  /**
   * A quick phrase was inserted into the draft since the composer was last empty: the draft goes
   * out as `composed: 'phrase'` ({@link draftComposed}). Cleared when the draft is sent or emptied.
   */
  draftHasPhrase: boolean;
  /** Drafts of the other conversations, by conversation id (`0`: no conversation open). */
  drafts: Record<number, Draft>;
  /** Bumped when something outside the composer changed the draft: the composer refocuses. */
  focusTick: number;
  /** Variables the last send attempt could not fill (the composer shows the gap), or empty. */
  gaps: VariableName[];
  /** Why the last send failed, for the composer's alert. */
  sendError: string | null;

  loadContacts(): Promise<void>;
  loadMoreContacts(): Promise<void>;
  setContactQuery(query: string): void;
  /** Opens a conversation at its newest messages and marks it read. */
  open(conversationId: number): Promise<void>;
  /** Opens the conversation of `messageId` with its neighbours, that message in view and highlighted. */
  openAt(messageId: number): Promise<void>;
  loadOlder(): Promise<void>;
  loadNewer(): Promise<void>;
  /** Reloads the list, the open conversation, the count and the variables (after a reconnect). */
  reload(): Promise<void>;
  refreshVariables(): Promise<void>;
  refreshUnread(): Promise<void>;
  markRead(): void;
  close(): Promise<void>;
  retry(messageId: number): Promise<void>;
  /** Opens 系统设置 on a tab (基本设置 for a reply variable with no value yet). */
  openSettings(tab: 'general'): void;

  // The composer's editing, as the phrase panel and the emoticon picker use it.
  /**
   * The composer's text as the agent edited it. `hasPhrase` sets `draftHasPhrase` (putting back a
   * draft as it was); without it the mark is kept, and cleared when the draft is empty.
   */
  setDraft(draft: string, selection: { start: number; end: number }, hasPhrase?: boolean): void;
  setSelection(selection: { start: number; end: number }): void;
  /**
   * Inserts `text` at the cursor, replacing the selection (a click on a phrase, an emoticon);
   * `from: 'phrase'` when it is a quick phrase's content (marks the draft, see `draftHasPhrase`).
   */
  insert(text: string, from?: 'phrase'): void;
  /** Replaces [start, end) of the draft with `text` and puts the cursor after it (`/code` picks: `from: 'phrase'`). */
  replaceRange(start: number, end: number, text: string, from?: 'phrase'): void;
  /**
   * Sends `text` (a double-clicked phrase, a suggested reply — `composed` says which) or the draft
   * (cleared; composed as {@link draftComposed} says) to the open conversation, its variables
   * filled. Returns false — nothing sent, the draft kept — for blank text, with no conversation
   * open, while the app is out of reach, or when a variable has no value (`gaps`; a `text` then
   * goes into the composer as an inserted phrase).
   */
  send(text?: string, composed?: Composed): boolean;

  // Events from main.
  applyMessage(message: Message, contact: Contact): void;
  applyMessageState(messageId: number, conversationId: number, state: MessageState): void;
  applyContact(contact: Contact): void;
}

/** Newest activity first; a contact without messages last. */
function byActivity(a: Contact, b: Contact): number {
  return (b.lastMessage?.id ?? 0) - (a.lastMessage?.id ?? 0);
}

/** Inserts or replaces a contact row, keeping the order. */
function upsert(list: readonly Contact[], c: Contact): Contact[] {
  return [...list.filter((x) => x.conversationId !== c.conversationId), c].sort(byActivity);
}

/** True when the contact list's filter shows `c` (the same rule as main's `searchContacts`). */
function matchesQuery(c: Contact, query: string): boolean {
  const q = query.trim().toLowerCase();
  return !q || (c.buyer.nickname ?? '').toLowerCase().includes(q) || c.buyer.buyerId.toLowerCase().includes(q);
}

/** A random client id for one message (the idempotency key of `chat.send`). */
function newClientId(): string {
  return crypto.randomUUID();
}

let contactSeq = 0;
let openSeq = 0;
let unreadTimer: ReturnType<typeof setTimeout> | null = null;
/**
 * The title's count is asked for at most this often while messages arrive, ms. Each answer counts
 * the unread messages of every conversation in main; during a peak (200 buyers, dozens of
 * messages a second) asking after every 50 ms burst kept main's event loop busy for little: a
 * person reads a title a few times a second at most.
 */
const UNREAD_REFRESH_MS = 250;
let localId = -1;

/** The chat window's store. */
export const useChat = create<ChatState>((set, get) => {
  /** Saves the composer into the open conversation's slot and loads `id`'s. */
  function switchDraft(id: number | null) {
    const s = get();
    const drafts = { ...s.drafts, [s.activeId ?? 0]: { text: s.draft, selection: s.selection, phrase: s.draftHasPhrase } };
    const next = drafts[id ?? 0] ?? { text: '', selection: { start: 0, end: 0 }, phrase: false };
    delete drafts[id ?? 0];
    set({ drafts, draft: next.text, selection: next.selection, draftHasPhrase: next.phrase, gaps: [], sendError: null, focusTick: s.focusTick + 1 });
  }

  async function fetchContacts(before?: number): Promise<Contact[]> {
    const query = get().contactQuery.trim();
    return getApi().invoke('chat.contacts', { limit: CONTACT_PAGE, ...(before ? { before } : {}), ...(query ? { query } : {}) });
  }

  return {
    contacts: [],
    contactQuery: '',
    contactsStatus: 'idle',
    contactsError: null,
    moreContacts: false,
    activeId: null,
    active: null,
    messages: [],
    hasOlder: false,
    hasNewer: false,
    loadingOlder: false,
    openTick: 0,
    focusMessageId: null,
    conversationError: null,
    totalUnread: 0,
    variables: null,
    draft: '',
    selection: { start: 0, end: 0 },
    draftHasPhrase: false,
    drafts: {},
    focusTick: 0,
    gaps: [],
    sendError: null,

    async loadContacts() {
      const seq = ++contactSeq;
      set({ contactsStatus: 'loading' });
      try {
        const contacts = await fetchContacts();
        if (seq !== contactSeq) return;
        set({ contacts, contactsStatus: 'ready', contactsError: null, moreContacts: contacts.length === CONTACT_PAGE });
      } catch (e) {
        if (seq === contactSeq) set({ contactsStatus: 'error', contactsError: errorText(e) });
      }
    },

    async loadMoreContacts() {
      const { contacts, moreContacts, contactsStatus } = get();
      const last = contacts[contacts.length - 1]?.lastMessage?.id;
      if (!moreContacts || contactsStatus === 'loading' || !last) return;
      const seq = ++contactSeq;
      set({ contactsStatus: 'loading' });
      try {
        const page = await fetchContacts(last);
        if (seq !== contactSeq) return;
        const seen = new Set(get().contacts.map((c) => c.conversationId));
        set({
          contacts: [...get().contacts, ...page.filter((c) => !seen.has(c.conversationId))],
          contactsStatus: 'ready',
          moreContacts: page.length === CONTACT_PAGE,
        });
      } catch (e) {
        if (seq === contactSeq) set({ contactsStatus: 'error', contactsError: errorText(e) });
      }
    },

    setContactQuery(query) {
      set({ contactQuery: query });
      void get().loadContacts();
    },

    async open(conversationId) {
      const seq = ++openSeq;
      if (get().activeId !== conversationId) switchDraft(conversationId);
      const known = get().contacts.find((c) => c.conversationId === conversationId) ?? null;
      set({ activeId: conversationId, active: known, conversationError: null, focusMessageId: null });
      try {
        const messages = await getApi().invoke('chat.messages', { conversationId, limit: MESSAGE_PAGE });
        if (seq !== openSeq) return;
        set((s) => ({ messages, hasOlder: messages.length === MESSAGE_PAGE, hasNewer: false, openTick: s.openTick + 1 }));
        get().markRead();
        void get().refreshVariables();
      } catch (e) {
        if (seq === openSeq) set({ conversationError: errorText(e), messages: [] });
      }
    },

    async openAt(messageId) {
      const seq = ++openSeq;
      try {
        const { contact, messages } = await getApi().invoke('chat.around', { messageId });
        if (seq !== openSeq) return;
        if (get().activeId !== contact.conversationId) switchDraft(contact.conversationId);
        const last = messages[messages.length - 1];
        set((s) => ({
          activeId: contact.conversationId,
          active: contact,
          messages,
          hasOlder: true,
          hasNewer: !!last && !!contact.lastMessage && last.id < contact.lastMessage.id,
          conversationError: null,
          focusMessageId: messageId,
          openTick: s.openTick + 1,
        }));
        get().markRead();
        void get().refreshVariables();
        setTimeout(() => {
          if (get().focusMessageId === messageId) set({ focusMessageId: null });
        }, FLASH_MS);
      } catch (e) {
        if (seq === openSeq) set({ conversationError: errorText(e) });
      }
    },

    async loadOlder() {
      const { activeId, messages, hasOlder, loadingOlder } = get();
      const first = messages.find((m) => !m.local);
      if (activeId === null || !hasOlder || loadingOlder || !first) return;
      set({ loadingOlder: true });
      try {
        const older = await getApi().invoke('chat.messages', { conversationId: activeId, limit: MESSAGE_PAGE, beforeId: first.id });
        if (get().activeId !== activeId) return;
        set((s) => ({ messages: [...older, ...s.messages], hasOlder: older.length === MESSAGE_PAGE }));
      } catch (e) {
        set({ conversationError: errorText(e) });
      } finally {
        set({ loadingOlder: false });
      }
    },

    async loadNewer() {
      const { activeId, messages, hasNewer, loadingOlder } = get();
      const last = [...messages].reverse().find((m) => !m.local);
      if (activeId === null || !hasNewer || loadingOlder || !last) return;
      set({ loadingOlder: true });
      try {
        const newer = await getApi().invoke('chat.messages', { conversationId: activeId, limit: MESSAGE_PAGE, afterId: last.id });
        if (get().activeId !== activeId) return;
        const seen = new Set(get().messages.map((m) => m.id));
        set((s) => ({ messages: [...s.messages, ...newer.filter((m) => !seen.has(m.id))], hasNewer: newer.length === MESSAGE_PAGE }));
      } catch (e) {
        set({ conversationError: errorText(e) });
      } finally {
        set({ loadingOlder: false });
      }
    },

    async reload() {
      await get().loadContacts();
      const { activeId } = get();
      if (activeId !== null) await get().open(activeId);
      await get().refreshUnread();
    },

    async refreshVariables() {
      const { activeId } = get();
      try {
        const variables = await getApi().invoke('chat.variables', activeId === null ? {} : { conversationId: activeId });
        if (get().activeId === activeId) set({ variables });
      } catch {
        // The composer keeps the values it had; a send without them is refused with the gap shown.
      }
    },

    async refreshUnread() {
      try {
        set({ totalUnread: await getApi().invoke('chat.totalUnread', {}) });
      } catch {
        // The title keeps its last count until the next event or reconnect.
      }
    },

    markRead() {
      const { activeId, active, messages } = get();
      if (activeId === null) return;
      const newest = messages[messages.length - 1];
      // Read up to what the agent has on screen (all of it after a normal open).
      const upTo = get().hasNewer ? undefined : newest && !newest.local ? newest.id : undefined;
      if (active && active.unread === 0 && get().contacts.find((c) => c.conversationId === activeId)?.unread === 0) return;
      void getApi()
        .invoke('chat.markRead', { conversationId: activeId, ...(upTo ? { upTo } : {}) })
        .then((c) => get().applyContact(c))
        .catch(() => {
          // Left unread; the next open or message tries again.
        });
    },

    async close() {
      const { activeId } = get();
      if (activeId === null) return;
      try {
        get().applyContact(await getApi().invoke('chat.close', { conversationId: activeId }));
      } catch (e) {
        set({ conversationError: errorText(e) });
      }
    },

    async retry(messageId) {
      try {
        // The state comes as 'chat.messageState' events, ahead of this answer on the same socket:
        // applying the answer's 'pending' afterwards would hide a failure the outbox already met.
        await getApi().invoke('chat.retry', { messageId });
      } catch (e) {
        set({ sendError: errorText(e) });
      }
    },

    openSettings(tab) {
      useSettings.getState().openDialog(tab);
    },

    setDraft: (draft, selection, hasPhrase) =>
      set((s) => ({ draft, selection, draftHasPhrase: draft !== '' && (hasPhrase ?? s.draftHasPhrase), gaps: [], sendError: null })),
    setSelection: (selection) => set({ selection }),
    insert(text, from) {
      const { draft, selection } = get();
      const start = Math.min(selection.start, draft.length);
      const end = Math.min(Math.max(selection.end, start), draft.length);
      get().replaceRange(start, end, text, from);
    },
    replaceRange(start, end, text, from) {
      const { draft, focusTick, draftHasPhrase } = get();
      const caret = start + text.length;
      const next = draft.slice(0, start) + text + draft.slice(end);
      set({
        draft: next,
        selection: { start: caret, end: caret },
        draftHasPhrase: next !== '' && (draftHasPhrase || from === 'phrase'),
        focusTick: focusTick + 1,
        gaps: [],
      });
    },

    send(text, composed) {
      const s = get();
      const raw = (text ?? s.draft).replace(/\r\n?/g, '\n').trim();
      if (!raw || s.activeId === null || !isConnected()) return false;
      const conversationId = s.activeId;
      const how: Composed = text !== undefined ? (composed ?? 'typed') : draftComposed(s.draftHasPhrase);
      const v = s.variables;
      const values: VariableValues = {
        buyer: v?.buyer ?? s.active?.buyer.nickname ?? s.active?.buyer.buyerId ?? null,
        agent: v?.agent ?? null,
        shop: v?.shop ?? null,
        ...(v ? localDateTime(Date.now(), v.timeZone) : { date: null, time: null }),
      };
      const filled = fillVariables(raw, values);
      if (filled.missing.length) {
        // Never sent as `{shop}`: the composer shows the gap, with 基本设置 one click away.
        // A phrase or suggested reply held back for its gap is now a phrase inserted into the draft.
        if (text !== undefined) set((st) => ({ draft: raw, selection: { start: raw.length, end: raw.length }, draftHasPhrase: how !== 'typed', focusTick: st.focusTick + 1 }));
        set({ gaps: filled.missing });
        void get().refreshVariables();
        return false;
      }
      const clientId = newClientId();
      const pending: ShownMessage = {
        id: localId--,
        conversationId,
        sender: 'agent',
        automatic: false,
        ruleId: null,
        body: filled.text,
        createdAt: Date.now(),
        state: 'pending',
        channelMessageId: null,
        clientId,
        composed: how,
        local: true,
      };
      set((st) => ({
        messages: st.hasNewer ? st.messages : [...st.messages, pending],
        gaps: [],
        sendError: null,
        ...(text === undefined ? { draft: '', selection: { start: 0, end: 0 }, draftHasPhrase: false, focusTick: st.focusTick + 1 } : {}),
      }));
      void getApi()
        .invoke('chat.send', { conversationId, body: filled.text, clientId, composed: how })
        .then((stored) => {
          // Sent while reading old history (a search hit): back to the newest, where it now is.
          if (get().activeId === conversationId && get().hasNewer) {
            void get().open(conversationId);
            return;
          }
          set((st) => ({
            messages: st.messages.some((m) => m.id === stored.id)
              ? st.messages.filter((m) => m.clientId !== clientId || m.id === stored.id)
              : st.messages.map((m) => (m.clientId === clientId ? stored : m)),
          }));
        })
        .catch((e: unknown) => {
          // Nothing was stored: take the bubble back and give the text back to the composer.
          set((st) => ({
            messages: st.messages.filter((m) => m.clientId !== clientId),
            sendError: errorText(e),
            ...(st.activeId === conversationId && st.draft === ''
              ? { draft: raw, selection: { start: raw.length, end: raw.length }, draftHasPhrase: how !== 'typed', focusTick: st.focusTick + 1 }
              : {}),
          }));
        });
      return true;
    },

    applyMessage(message, contact) {
      get().applyContact(contact);
      const s = get();
      if (s.activeId !== message.conversationId || s.hasNewer) return;
      if (s.messages.some((m) => m.id === message.id)) return;
      const mine = message.clientId ? s.messages.findIndex((m) => m.local && m.clientId === message.clientId) : -1;
      if (mine >= 0) {
        set({ messages: s.messages.map((m, i) => (i === mine ? message : m)) });
      } else {
        // Keep time order: our own bubbles still in flight stay last.
        const stored = s.messages.filter((m) => !m.local);
        const local = s.messages.filter((m) => m.local);
        set({ messages: [...stored, message, ...local] });
      }
      if (message.sender === 'buyer' && document.visibilityState === 'visible') get().markRead();
    },

    applyMessageState(messageId, conversationId, state) {
      set((s) => ({
        messages: s.activeId === conversationId || conversationId === 0 ? s.messages.map((m) => (m.id === messageId ? { ...m, state } : m)) : s.messages,
        contacts: s.contacts.map((c) => (c.lastMessage?.id === messageId ? { ...c, lastMessage: { ...c.lastMessage, state } } : c)),
      }));
    },

    applyContact(contact) {
      set((s) => {
        const listed = s.contacts.some((c) => c.conversationId === contact.conversationId);
        const contacts = listed || matchesQuery(contact, s.contactQuery) ? upsert(s.contacts, contact) : s.contacts;
        return { contacts, ...(s.activeId === contact.conversationId ? { active: contact } : {}) };
      });
      // The title's count: one call per burst of events.
      if (unreadTimer === null) {
        unreadTimer = setTimeout(() => {
          unreadTimer = null;
          void get().refreshUnread();
        }, UNREAD_REFRESH_MS);
      }
    },
  };
});
