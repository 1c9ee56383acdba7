import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconGear } from '../ui/icons';
import { Menu } from '../ui/Menu';
import { SignatureEditor } from '../settings/SignatureEditor';
import { StatusMenu } from '../settings/StatusMenu';
import { useSettings } from '../settings/store';
import { MetricsButton } from '../metrics/MetricsButton';
import { useLocale } from './i18n';
import { useShift } from '../simulator/store';

/**
 * The window's top bar, as in Qianniu's chat window: the app name, the agent's nickname, status
 * menu (在线 / 忙碌 / 离开 / 挂起) and 个性签名; on the right the gear menu, which opens 系统设置
 * (where the interface language now lives).
 */
export function TopBar() {
  const { t } = useTranslation();
  const nickname = useSettings((s) => s.values.agentNickname);
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const shiftRunning = useShift((s) => s.info.state === 'running');

  function openMenu() {
    const r = button.current?.getBoundingClientRect();
    setMenu(r ? { x: r.right - 180, y: r.bottom + 4 } : { x: 0, y: 0 });
  }

  return (
    <header className="top-bar">
      <div className="brand">
        <span className="brand-logo" aria-hidden="true">
          {t('app.logoChar')}
        </span>
        <span className="brand-name">{t('app.name')}</span>
      </div>
      <div className="agent-bar">
        {nickname && <span className="agent-nickname">{nickname}</span>}
        <StatusMenu />
        <SignatureEditor />
      </div>
      <span className="spacer" />
      <MetricsButton />
      <button
        ref={button}
        type="button"
        className="top-button"
        aria-label={t('app.settings')}
        title={t('app.settings')}
        aria-haspopup="menu"
        aria-expanded={!!menu}
        onClick={() => (menu ? setMenu(null) : openMenu())}
      >
        <IconGear />
        <span>{t('app.settings')}</span>
      </button>
      {menu && (
        <Menu
          x={menu.x}
          y={menu.y}
          label={t('settings.menuLabel')}
          onClose={() => {
            setMenu(null);
            button.current?.focus();
          }}
          items={[
            { key: 'settings', label: t('settings.open'), onSelect: () => useSettings.getState().openDialog() },
            // 开始模拟接待 (SPEC: the schools' 模拟平台): not while a shift runs — its banner has 结束.
            { key: 'shift', label: t('shift.start'), disabled: shiftRunning, onSelect: () => useShift.getState().openChooser() },
          ]}
        />
      )}
    </header>
  );
}
