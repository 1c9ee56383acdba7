import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Composer } from '../chat/Composer';
import { Conversation } from '../chat/Conversation';
import { PhrasePanel } from '../phrases/PhrasePanel';
import { usePhrases } from '../phrases/store';
import { useFindShortcut } from '../phrases/useFindShortcut';
import { useConnection } from '../api/connection';
import { ConnectionBar } from './ConnectionBar';
import { TopBar } from './TopBar';
import { SettingsDialog } from '../settings/SettingsDialog';
import { useSettings } from '../settings/store';
import { useAgentStatus } from '../settings/status';

/**
 * The workbench window: top bar and the connection bar; the conversation and composer; the
 * quick-phrase panel; the 系统设置 dialog when open.
 */
export function App() {
  const { t } = useTranslation();
  const panelOpen = usePhrases((s) => s.panelOpen);
  useFindShortcut();
  const reconnects = useConnection((s) => s.reconnects);

  // Back after the host was away: the list may have changed meanwhile (the CLI, another window).
  // Reloading refreshes an open search too; drafts and open dialogs are left as they are.
  useEffect(() => {
    if (reconnects > 0) void usePhrases.getState().load();
  }, [reconnects]);

  // The settings and the status, at start and again after the host was away (the CLI or another
  // window may have changed them meanwhile; the events of that time were missed).
  useEffect(() => {
    void useSettings.getState().load();
    void useAgentStatus.getState().load();
  }, [reconnects]);

  useEffect(() => {
    document.title = t('app.name');
  }, [t]);

  return (
    <div className="app">
      <TopBar />
      <ConnectionBar />
      <div className="workspace">
        <main className="chat-column">
          <Conversation />
          <Composer />
        </main>
        {panelOpen && <PhrasePanel />}
      </div>
      <SettingsDialog />
    </div>
  );
}
