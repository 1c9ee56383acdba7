import type { ChatEvents } from '../chat/events';
import type { Contact } from '../chat/types';
import type { Clock } from '../shared/clock';
import { translate, type Locale } from '../i18n';
import type { ShellNotification, ShellNotificationClass } from './electron-api';
import { createNotifyPolicy, type NotifyAction } from './notify-policy';

/** Longest notification body, in characters (code points): systems cut longer ones anyway. */
const MAX_BODY = 120;

/** What {@link createNotifier} needs. */
export interface NotifierDeps {
  Notification: ShellNotificationClass;
  clock: Clock;
  /** When the shell started, ms (messages written before it are catch-up: see notify-policy.ts). */
  startedAt: number;
  /** True while the app's window has the focus. */
  windowFocused(): boolean;
  /** The `notifications.desktop` setting, read at each message (the agent may change it any time). */
  desktopEnabled(): boolean;
  /** The `notifications.sound` setting, read at each notification. */
  soundEnabled(): boolean;
  locale(): Locale;
  /** A conversation's notification was clicked: show the window on that conversation. */
  openConversation(conversationId: number): void;
  /** The summary was clicked: show the window. */
  showWindow(): void;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/** The shell's desktop notifications; see {@link createNotifier}. */
export interface Notifier {
  /** Feed every 'chat.message' event. */
  onMessage(payload: ChatEvents['chat.message']): void;
  /** Feed every 'chat.contact' event: a conversation read to the end loses its notification. */
  onContact(contact: Contact): void;
  /** The window got the focus. */
  onWindowFocus(): void;
  /** Closes every notification and stops the timer (app quitting). */
  close(): void;
}

/** The buyer's name as the contact list shows it: the nickname, else the channel's buyer id. */
function buyerName(contact: Contact): string {
  return contact.buyer.nickname?.trim() || contact.buyer.buyerId;
}

/** `text` cut to {@link MAX_BODY} code points (never half a surrogate pair), with an ellipsis. */
function clip(text: string): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length > MAX_BODY ? chars.slice(0, MAX_BODY - 1).join('') + '…' : chars.join('');
}

/**
 * Desktop notifications for buyer messages, as notify-policy.ts decides (one per conversation,
 * replaced not stacked; catch-up and bursts collapsed into one summary), with Electron's
 * `Notification`: the title is the buyer (with the unread count when more than one), the body
 * the message as plain text (a notification renders no markup), silent unless `notifications.sound`
 * is on. Each notification object is kept until it is closed: Electron drops the click handler of
 * one that is garbage-collected (https://github.com/electron/electron/issues/16922).
 */
export function createNotifier(deps: NotifierDeps): Notifier {
  const policy = createNotifyPolicy({ startedAt: deps.startedAt });
  const open = new Map<number, ShellNotification>();
  let summary: ShellNotification | null = null;
  /** The latest message of each conversation with a notification to show. */
  const latest = new Map<number, ChatEvents['chat.message']>();
  let timer: unknown = null;
  const supported = deps.Notification.isSupported();

  function make(title: string, body: string, quiet: boolean): ShellNotification {
    return new deps.Notification({ title, body, silent: quiet || !deps.soundEnabled() });
  }

  function apply(actions: NotifyAction[]): void {
    for (const a of actions) {
      // Each notification leaves our maps before it is closed, so its own 'close' listener (for
      // one the agent or the system closed) sees it is no longer current and tells the policy nothing.
      if (a.type === 'close') {
        const old = open.get(a.conversationId);
        open.delete(a.conversationId);
        latest.delete(a.conversationId);
        old?.close();
      } else if (a.type === 'closeSummary') {
        const old = summary;
        summary = null;
        old?.close();
      } else if (a.type === 'show') {
        const event = latest.get(a.conversationId);
        if (!event) continue;
        const { contact, message } = event;
        const name = buyerName(contact);
        const title = contact.unread > 1 ? translate(deps.locale(), 'shell.notifyTitleCount', { buyer: name, count: contact.unread }) : name;
        const n = make(title, clip(message.body), a.quiet);
        const id = a.conversationId;
        const old = open.get(id);
        open.set(id, n);
        old?.close();
        n.on('click', () => {
          apply(policy.dismiss(id));
          deps.openConversation(id);
        });
        n.on('close', () => {
          // Closed by the agent or the system (not replaced by us): forget it.
          if (open.get(id) === n) apply(policy.dismiss(id));
        });
        n.show();
      } else {
        const n = make(translate(deps.locale(), 'app.name'), translate(deps.locale(), 'shell.notifySummary', { count: a.buyers }), a.quiet);
        const old = summary;
        summary = n;
        old?.close();
        n.on('click', () => {
          apply(policy.dismissSummary());
          deps.showWindow();
        });
        n.on('close', () => {
          if (summary === n) apply(policy.dismissSummary());
        });
        n.show();
      }
    }
    schedule();
  }

  function schedule(): void {
    if (timer !== null) deps.clearTimer(timer);
    timer = null;
    const due = policy.nextFlushAt();
    if (due === null) return;
    timer = deps.setTimer(() => {
      timer = null;
      apply(policy.flush(deps.clock.now()));
    }, Math.max(0, due - deps.clock.now()));
  }

  return {
    onMessage(payload) {
      if (!supported) return;
      const { message } = payload;
      const actions = policy.offer(
        { conversationId: message.conversationId, sender: message.sender, automatic: message.automatic, createdAt: message.createdAt },
        { now: deps.clock.now(), windowFocused: deps.windowFocused(), enabled: deps.desktopEnabled() },
      );
      if (actions.length) latest.set(message.conversationId, payload);
      // Even with nothing to show now, a summary update may have been held back: schedule it.
      apply(actions);
    },
    onContact(contact) {
      if (contact.unread === 0) apply(policy.dismiss(contact.conversationId));
    },
    onWindowFocus() {
      apply(policy.dismissAll());
    },
    close() {
      if (timer !== null) deps.clearTimer(timer);
      timer = null;
      const all = [...open.values(), ...(summary ? [summary] : [])];
      open.clear();
      summary = null;
      for (const n of all) n.close();
    },
  };
}
