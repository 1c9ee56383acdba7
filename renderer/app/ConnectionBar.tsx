import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getApi } from '../api/client';
import { useConnection } from '../api/connection';
import { ApiError } from '../../main/ipc/wire';
import { IconWarn } from '../ui/icons';
import { errorText } from './i18n';

/** Failed attempts (~15 s of backoff) after which the bar adds that the host may be on another port. */
const HINT_AFTER_ATTEMPTS = 5;
/** How long "reconnected" stays in the live region, ms (long enough for a screen reader to read it). */
const RESTORED_MS = 4000;

/**
 * The bar across the top of the window while the app is out of reach: "connection lost,
 * reconnecting…" with 立即重连 (an `alert`: sending and editing stop working, which the agent must
 * know at once), or — when the host restarted with another token — what the agent must do, since
 * reloading cannot help. It disappears as soon as the connection is back; a visually hidden status
 * line then says so for screen readers. Mounting it opens the connection.
 */
export function ConnectionBar() {
  const { t } = useTranslation();
  const status = useConnection((s) => s.status);
  const attempts = useConnection((s) => s.attempts);
  const reconnects = useConnection((s) => s.reconnects);
  const [restored, setRestored] = useState(false);

  useEffect(() => {
    getApi();
  }, []);

  useEffect(() => {
    if (reconnects === 0) return;
    setRestored(true);
    const id = setTimeout(() => setRestored(false), RESTORED_MS);
    return () => clearTimeout(id);
  }, [reconnects]);

  return (
    <>
      <div className="visually-hidden" role="status">
        {restored && status === 'open' ? t('connection.restored') : ''}
      </div>
      {status === 'lost' && (
        <div className="connection-bar lost">
          <IconWarn />
          <div className="connection-text">
            <p role="alert">{t('connection.lost')}</p>
            {attempts >= HINT_AFTER_ATTEMPTS && <p className="connection-hint">{t('connection.lostHint')}</p>}
          </div>
          <button type="button" className="button small" onClick={() => useConnection.getState().retryNow()}>
            {t('connection.retryNow')}
          </button>
        </div>
      )}
      {(status === 'stale' || status === 'noToken') && (
        <div className="connection-bar stale">
          <IconWarn />
          <div className="connection-text">
            <p role="alert">{status === 'stale' ? t('connection.stale') : errorText(new ApiError('ipc.noToken'))}</p>
          </div>
        </div>
      )}
    </>
  );
}
