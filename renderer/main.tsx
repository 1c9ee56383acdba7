import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { initI18n } from './app/i18n';
import './ui/base.css';
import './ui/controls.css';
import './app/app.css';
import './chat/chat.css';
import './phrases/phrases.css';
import './packs/packs.css';
import './settings/settings.css';

initI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
