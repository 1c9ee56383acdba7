import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconGear } from '../ui/icons';
import { Menu } from '../ui/Menu';
import { MetricsButton } from '../metrics/MetricsButton';
import { useLocale } from './i18n';

/** The window's top bar: the app name and the settings menu (interface language for now). */
export function TopBar() {
  const { t } = useTranslation();
  const { locale, setLocale } = useLocale();
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const button = useRef<HTMLButtonElement>(null);

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
          label={t('app.language')}
          onClose={() => {
            setMenu(null);
            button.current?.focus();
          }}
          items={[
            { key: 'zh-CN', label: t('app.languageZh'), checked: locale === 'zh-CN', onSelect: () => setLocale('zh-CN') },
            { key: 'en', label: t('app.languageEn'), checked: locale === 'en', onSelect: () => setLocale('en') },
          ]}
        />
      )}
    </header>
  );
}
