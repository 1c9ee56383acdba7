import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Composer } from '../chat/Composer';
import { Conversation } from '../chat/Conversation';
import { PhrasePanel } from '../phrases/PhrasePanel';
import { usePhrases } from '../phrases/store';
import { useFindShortcut } from '../phrases/useFindShortcut';
import { TopBar } from './TopBar';

/** The workbench window: top bar; the conversation and composer; the quick-phrase panel. */
export function App() {
  const { t } = useTranslation();
  const panelOpen = usePhrases((s) => s.panelOpen);
  useFindShortcut();

  useEffect(() => {
    document.title = t('app.name');
  }, [t]);

  return (
    <div className="app">
      <TopBar />
      <div className="workspace">
        <main className="chat-column">
          <Conversation />
          <Composer />
        </main>
        {panelOpen && <PhrasePanel />}
      </div>
    </div>
  );
}
