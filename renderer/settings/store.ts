import { create } from 'zustand';
import i18next from 'i18next';
import type { SettingKey, SettingKinds, UserSettingValues } from '../../main/settings/definitions';
import type { SettingChange } from '../../main/settings/service';
import { ApiError } from '../../main/ipc/wire';
import { getApi } from '../api/client';
import { errorText, useLocale } from '../app/i18n';

/**
 * The agent's settings (系统设置) in the window: loaded from main once, kept current by
 * `settings.changed` (a change in any window applies in every window at once), written through
 * `settings.set`, which checks each value by its key's rules (main/settings/definitions.ts).
 * Other parts read it: `useSettings((s) => s.values.sendKey)`.
 *
 * Side effects of two keys are applied here, so they hold however the value arrived: `language`
 * switches the UI language, `fontSize` sets the CSS variable `--chat-font-size` the conversation
 * and the composer use.
 */

/** The tabs of the dialog, in order (docs/glossary.md: 系统设置). */
export const SETTINGS_TABS = ['general', 'notifications', 'chat', 'personal', 'reception', 'autoReply'] as const;
/** One tab of the dialog. */
export type SettingsTab = (typeof SETTINGS_TABS)[number];

interface SettingsState {
  /**
   * Each setting's effective value. Until the first load answers, the defaults main declares and
   * the language this window last used (so the first paint is not in the wrong language).
   */
  values: UserSettingValues;
  /** What each key accepts (null until loaded): the dialog's limits come from main, never copied. */
  kinds: SettingKinds | null;
  /** Keys the agent has set (the rest follow their defaults). */
  stored: SettingKey[];
  loaded: boolean;
  /** Why the last load failed (a sentence), or null. */
  loadError: string | null;
  /** The open dialog and its tab, or null. */
  dialog: { tab: SettingsTab } | null;
  /** Loads every setting; applies language and font size. */
  load(): Promise<void>;
  /**
   * Stores one setting. Resolves to null when stored (and applied), or to the refusal as a
   * sentence in the agent's language, naming the setting by its label.
   */
  set<K extends SettingKey>(key: K, value: UserSettingValues[K] | string): Promise<string | null>;
  openDialog(tab?: SettingsTab): void;
  closeDialog(): void;
  setTab(tab: SettingsTab): void;
}

/** The px of the conversation's text before the settings load (main's default is the same). */
const FIRST_FONT_SIZE = 14;

/** Applies what changes the window itself: the UI language and the conversation's font size. */
function apply(values: UserSettingValues): void {
  if (useLocale.getState().locale !== values.language) useLocale.getState().setLocale(values.language);
  document.documentElement.style.setProperty('--chat-font-size', `${values.fontSize}px`);
}

/**
 * A refused setting as a sentence: the catalogue's message with the key replaced by the setting's
 * label in the agent's language (the CLI shows the key, the dialog the label next to the field).
 */
export function settingErrorText(e: unknown): string {
  if (e instanceof ApiError && typeof e.params.key === 'string') {
    // The key comes from main at run time, so the typed catalogue cannot check it; an unknown key
    // (a setting newer than this window) shows as itself.
    const label = i18next.t(`settings.labels.${e.params.key}` as never, { defaultValue: e.params.key }) as string;
    return errorText(new ApiError(e.code, { ...e.params, key: label }));
  }
  return errorText(e);
}

let subscribed = false;

/** Listens once for changes made in any window (or by main) and applies them here. */
function subscribe(): void {
  if (subscribed) return;
  subscribed = true;
  getApi().on('settings.changed', (change: SettingChange) => {
    useSettings.setState((s) => ({
      values: { ...s.values, [change.key]: change.value },
      stored: s.stored.includes(change.key) ? s.stored : [...s.stored, change.key],
    }));
    apply(useSettings.getState().values);
  });
}

export const useSettings = create<SettingsState>((set, get) => ({
  values: {
    agentNickname: '',
    shopName: '',
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    language: useLocale.getState().locale,
    'simulator.enabled': true,
    'notifications.desktop': true,
    'notifications.sound': true,
    sendKey: 'enter',
    fontSize: FIRST_FONT_SIZE,
    signature: '',
    maxConcurrent: 10,
  },
  kinds: null,
  stored: [],
  loaded: false,
  loadError: null,
  dialog: null,
  async load() {
    subscribe();
    try {
      const snapshot = await getApi().invoke('settings.all', {});
      // This window's language was kept only in the browser before it became a setting: carry it
      // over once, rather than switching an English-speaking agent back to Chinese.
      const remembered = useLocale.getState().locale;
      set({ values: snapshot.values, kinds: snapshot.kinds, stored: snapshot.stored, loaded: true, loadError: null });
      if (!snapshot.stored.includes('language') && remembered !== snapshot.values.language) {
        await get().set('language', remembered);
      }
      apply(get().values);
    } catch (e) {
      set({ loadError: errorText(e) });
    }
  },
  async set(key, value) {
    try {
      const stored = await getApi().invoke('settings.set', { key, value });
      set((s) => ({
        values: { ...s.values, [stored.key]: stored.value },
        stored: s.stored.includes(stored.key) ? s.stored : [...s.stored, stored.key],
      }));
      apply(get().values);
      return null;
    } catch (e) {
      return settingErrorText(e);
    }
  },
  openDialog: (tab = 'general') => set({ dialog: { tab } }),
  closeDialog: () => set({ dialog: null }),
  setTab: (tab) => set((s) => (s.dialog ? { dialog: { tab } } : {})),
}));
