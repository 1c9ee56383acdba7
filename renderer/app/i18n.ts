import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { create } from 'zustand';
import zhCN from '../../main/i18n/zh-CN.json';
import en from '../../main/i18n/en.json';
import { translate, type Locale } from '../../main/i18n/index';
import { ApiError } from '../../main/ipc/wire';

/**
 * The renderer's i18n: the one catalogue in `main/i18n/` loaded into i18next (UI strings, nested by
 * feature, looked up as `t('phrases.newPhrase')`), and {@link errorText} for `ApiError`s, whose
 * codes contain dots (`phrase.codeTaken`) and are looked up by exact code with main's `translate`.
 */

/** Both catalogues must have the same UI keys (the `errors` section is the lead's; checked elsewhere). */
type UiCatalogue = Omit<typeof zhCN, 'errors'>;
const enUi: UiCatalogue = en satisfies UiCatalogue;
void enUi;

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: UiCatalogue };
  }
}

const STORAGE_KEY = 'xiaoniu.locale';

function storedLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/**
 * The UI language (中文 by default). The `language` setting is its source of truth
 * (renderer/settings/store.ts applies it, in every window and both hosts); localStorage keeps a
 * copy only so the first paint after a reload is already in the right language.
 */
export const useLocale = create<{ locale: Locale; setLocale(locale: Locale): void }>((set) => ({
  locale: storedLocale(),
  setLocale(locale) {
    try {
      localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      // Storage may be disabled; the choice then lasts for this window only.
    }
    document.documentElement.lang = locale;
    void i18next.changeLanguage(locale);
    set({ locale });
  },
}));

/** Starts i18next with both catalogues; call once before the first render. */
export function initI18n(): void {
  const lng = useLocale.getState().locale;
  document.documentElement.lang = lng;
  void i18next.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng,
    fallbackLng: 'zh-CN',
    // React escapes text itself; buyer and phrase text is never parsed as HTML.
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
    // No advertisement in the agent's developer console.
    showSupportNotice: false,
  });
}

/**
 * The user-facing sentence for a failure: `errors.<code>` with its parameters for an ApiError,
 * `errors.internal` for anything else (the detail goes to the console, never swallowed).
 */
export function errorText(e: unknown, locale: Locale = useLocale.getState().locale): string {
  if (e instanceof ApiError) {
    const key = `errors.${e.code}`;
    const text = translate(locale, key, e.params);
    if (text !== key) return text;
    console.error('untranslated error', e.code, e.params);
    return `${translate(locale, 'errors.internal')} (${e.code})`;
  }
  console.error(e);
  return translate(locale, 'errors.internal');
}

/** The code of an ApiError, or undefined. */
export function errorCode(e: unknown): string | undefined {
  return e instanceof ApiError ? e.code : undefined;
}
