import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../ui/Dialog';
import { ChoiceSetting, FontSizeSetting, TextSetting, ToggleSetting } from './fields';
import { TimeZonePicker } from './TimeZonePicker';
import { SETTINGS_TABS, useSettings, type SettingsTab } from './store';

/**
 * 系统设置, as Qianniu lays it out: the six tabs down the left (an ARIA tablist: ↑ ↓ Home End
 * move and show a tab) and the chosen tab's settings on the right. Every change is saved and
 * applied at once, so the dialog has no 保存 — only 关闭.
 */
export function SettingsDialog() {
  const { t } = useTranslation();
  const dialog = useSettings((s) => s.dialog);
  const loadError = useSettings((s) => s.loadError);
  const tabs = useRef<HTMLDivElement>(null);
  if (!dialog) return null;
  const close = () => useSettings.getState().closeDialog();
  const tab = dialog.tab;

  function onTabKey(e: KeyboardEvent) {
    const i = SETTINGS_TABS.indexOf(tab);
    const n = SETTINGS_TABS.length;
    const next =
      e.key === 'ArrowDown' || e.key === 'ArrowRight' ? (i + 1) % n
      : e.key === 'ArrowUp' || e.key === 'ArrowLeft' ? (i - 1 + n) % n
      : e.key === 'Home' ? 0
      : e.key === 'End' ? n - 1
      : -1;
    if (next < 0) return;
    e.preventDefault();
    useSettings.getState().setTab(SETTINGS_TABS[next]!);
    requestAnimationFrame(() => tabs.current?.querySelector<HTMLElement>(`#settings-tab-${SETTINGS_TABS[next]}`)?.focus());
  }

  return (
    <Dialog
      title={t('settings.title')}
      onClose={close}
      width={760}
      className="settings-dialog"
      footer={
        <button type="button" className="button primary" onClick={close}>
          {t('app.close')}
        </button>
      }
    >
      <div className="settings-layout">
        <div ref={tabs} className="settings-tabs" role="tablist" aria-orientation="vertical" aria-label={t('settings.tabsLabel')} onKeyDown={onTabKey}>
          {SETTINGS_TABS.map((name) => (
            <button
              key={name}
              id={`settings-tab-${name}`}
              type="button"
              role="tab"
              aria-selected={name === tab}
              aria-controls={`settings-panel-${name}`}
              tabIndex={name === tab ? 0 : -1}
              data-autofocus={name === tab ? true : undefined}
              className="settings-tab"
              onClick={() => useSettings.getState().setTab(name)}
            >
              {t(`settings.tabs.${name}`)}
            </button>
          ))}
        </div>
        <div className="settings-panel" role="tabpanel" id={`settings-panel-${tab}`} aria-labelledby={`settings-tab-${tab}`}>
          {loadError && (
            <p className="form-error" role="alert">
              {t('settings.loadFailed', { reason: loadError })}
            </p>
          )}
          <TabContent tab={tab} />
        </div>
      </div>
    </Dialog>
  );
}

/** One tab's settings (the key: a fresh set of fields per tab, so a half-typed value never leaks across). */
function TabContent({ tab }: { tab: SettingsTab }) {
  const { t } = useTranslation();
  const signatureKind = useSettings((s) => s.kinds?.signature);
  switch (tab) {
    case 'general':
      return (
        <div className="settings-form" key={tab}>
          <TextSetting settingKey="agentNickname" hint={t('settings.hints.agentNickname')} />
          <TextSetting settingKey="shopName" hint={t('settings.hints.shopName')} />
          <TimeZonePicker />
          <ChoiceSetting
            settingKey="language"
            options={[
              { value: 'zh-CN', label: t('app.languageZh'), lang: 'zh-CN' },
              { value: 'en', label: t('app.languageEn'), lang: 'en' },
            ]}
          />
          <ToggleSetting settingKey="simulator.enabled" text={t('settings.simulatorOn')} hint={t('settings.hints.simulator')} />
        </div>
      );
    case 'notifications':
      return (
        <div className="settings-form" key={tab}>
          <ToggleSetting settingKey="notifications.desktop" text={t('settings.desktopOn')} hint={t('settings.hints.notificationsDesktop')} />
          <ToggleSetting settingKey="notifications.sound" text={t('settings.soundOn')} hint={t('settings.hints.notificationsSound')} />
        </div>
      );
    case 'chat':
      return (
        <div className="settings-form" key={tab}>
          <ChoiceSetting
            settingKey="sendKey"
            options={[
              { value: 'enter', label: t('settings.sendKeys.enter') },
              { value: 'ctrlEnter', label: t('settings.sendKeys.ctrlEnter') },
            ]}
          />
          <FontSizeSetting />
        </div>
      );
    case 'personal':
      return (
        <div className="settings-form" key={tab}>
          <TextSetting
            settingKey="signature"
            hint={t('settings.hints.signature', { max: signatureKind?.type === 'text' ? signatureKind.maxLength : '' })}
          />
        </div>
      );
    case 'reception':
      return (
        <div className="settings-form" key={tab}>
          <TextSetting settingKey="maxConcurrent" unit={t('settings.people')} hint={t('settings.hints.maxConcurrent')} />
        </div>
      );
    case 'autoReply':
      return (
        <div className="settings-form settings-placeholder" key={tab}>
          <h3>{t('settings.autoReplyTitle')}</h3>
          <p>{t('settings.autoReplyPlaceholder')}</p>
        </div>
      );
  }
}
