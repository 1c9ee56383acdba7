import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { getApi } from '../api/client';
import { Composer } from '../chat/Composer';
import { ContactList } from '../chat/ContactList';
import { Conversation } from '../chat/Conversation';
import { HistorySearch, useHistoryShortcut } from '../chat/HistorySearch';
import { useChat } from '../chat/store';
import { PhrasePanel } from '../phrases/PhrasePanel';
import { usePhrases } from '../phrases/store';
import { useFindShortcut } from '../phrases/useFindShortcut';
import { useConnection } from '../api/connection';
import { ConnectionBar } from './ConnectionBar';
import { TopBar } from './TopBar';
import { SettingsDialog } from '../settings/SettingsDialog';
import { useSettings } from '../settings/store';
import { useAgentStatus } from '../settings/status';
import { ShiftBanner } from '../simulator/ShiftBanner';
import { ShiftDialog } from '../simulator/ShiftDialog';
import { ShiftResult } from '../simulator/ShiftResult';
import { useShift } from '../simulator/store';
import { useSuggestedReplyKeys } from '../phrases/suggestions';

/**
 * The window's title, "(3) 小牛工作台" while buyers' messages are unread. Its own component, so a
 * change of the count re-renders nothing else: during a peak (docs/chat-window.md "Live updates")
 * the count changes several times a second, and a re-render of the whole window each time was
 * the renderer's longest task.
 */
function WindowTitle(): null {
  const { t } = useTranslation();
  const totalUnread = useChat((s) => s.totalUnread);
  useEffect(() => {
    document.title = totalUnread > 0 ? t('window.titleUnread', { count: totalUnread, name: t('app.name') }) : t('app.name');
  }, [t, totalUnread]);
  return null;
}

/**
 * The workbench window, Qianniu's three columns: the contact list (最近联系), the conversation with
 * its composer, the quick-phrase panel — under the top bar and the connection bar. Tab moves
 * through them in that order. The title carries the unread count: "(3) 小牛工作台". The 系统设置
 * dialog when open; a training shift's banner, start dialog and result (开始模拟接待).
 */
export function App() {
  const panelOpen = usePhrases((s) => s.panelOpen);
  useFindShortcut();
  useHistoryShortcut();
  useSuggestedReplyKeys();
  const choosingShift = useShift((s) => s.choosing);
  const shiftResult = useShift((s) => s.showing);
  const reconnects = useConnection((s) => s.reconnects);

  // Back after the host was away: the list may have changed meanwhile (the CLI, another window).
  // Reloading refreshes an open search too; drafts and open dialogs are left as they are.
  useEffect(() => {
    if (reconnects > 0) {
      void usePhrases.getState().load();
      void useChat.getState().reload();
    }
  }, [reconnects]);

  // The settings and the status, at start and again after the host was away (the CLI or another
  // window may have changed them meanwhile; the events of that time were missed).
  useEffect(() => {
    void useSettings.getState().load();
    void useAgentStatus.getState().load();
    void useShift.getState().load();
  }, [reconnects]);

  // Main's chat events, folded into the store (each a complete fact: docs/chat-window.md "Live updates").
  useEffect(() => {
    const api = getApi();
    const offs = [
      api.on('chat.message', ({ message, contact }) => useChat.getState().applyMessage(message, contact)),
      api.on('chat.messageState', ({ messageId, conversationId, state }) => useChat.getState().applyMessageState(messageId, conversationId, state)),
      api.on('chat.contact', ({ contact }) => useChat.getState().applyContact(contact)),
      api.on('simulator.shift', (info) => useShift.getState().apply(info)),
      // 基本设置 changed the shop name, the nickname or the time zone: the composer's variables follow.
      api.on('settings.changed', ({ key }) => {
        if (key === 'shopName' || key === 'agentNickname' || key === 'timezone') void useChat.getState().refreshVariables();
      }),
    ];
    void useChat.getState().refreshUnread();
    void useChat.getState().refreshVariables();
    // A script (xiaoniu settings) changes them without telling windows: check again when the agent comes back.
    const onFocus = () => void useChat.getState().refreshVariables();
    window.addEventListener('focus', onFocus);
    return () => {
      for (const off of offs) off();
      window.removeEventListener('focus', onFocus);
    };
  }, []);

  return (
    <div className="app">
      <WindowTitle />
      <TopBar />
      <ConnectionBar />
      <ShiftBanner />
      <div className="workspace">
        <ContactList />
        <main className="chat-column">
          <Conversation />
          <Composer />
        </main>
        {panelOpen && <PhrasePanel />}
      </div>
      <HistorySearch />
      <SettingsDialog />
      {choosingShift && <ShiftDialog />}
      {shiftResult && <ShiftResult info={shiftResult} />}
    </div>
  );
}
