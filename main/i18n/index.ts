import zhCN from './zh-CN.json';
import en from './en.json';

/**
 * The one string catalogue (docs/architecture.md, step 6 of "How a call travels"), 中文 first and
 * English, keyed by feature. The renderer loads it into i18next; the CLI uses {@link translate} for
 * error and problem messages.
 */
export const catalogues = { 'zh-CN': zhCN, en } as const;

/** A supported UI language. */
export type Locale = keyof typeof catalogues;

/** The language for a CLI run: `XIAONIU_LANG`, else `LANG`/`LC_ALL` starting with `en`, else 中文. */
export function cliLocale(env: NodeJS.ProcessEnv = process.env): Locale {
  const v = env.XIAONIU_LANG || env.LC_ALL || env.LANG || '';
  return /^en/i.test(v) ? 'en' : 'zh-CN';
}

/**
 * Looks up `key` (dotted path, e.g. `errors.phrase.codeTaken` — the part after the section may
 * itself contain dots) and fills `{{name}}` placeholders. Falls back to 中文, then to the key.
 * When `params.count` is 1 and the catalogue has `<key>_one`, that form is used (English "1
 * phrase"), as i18next does in the renderer.
 *
 * A `reason` that is an errno or SQLite code (ENOENT, SQLITE_NOTADB; an extended SQLite code as its
 * primary one) reads as a sentence from the catalogue's `reasons`; a code the catalogue does not know reads as `reasons.other` with the code,
 * so no bare system word lands in a sentence of the other language.
 */
export function translate(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const find = (cat: unknown, k: string): string | undefined => {
    const [section, ...rest] = k.split('.');
    const sec = (cat as Record<string, Record<string, unknown>>)[section!];
    if (!sec) return undefined;
    const flat = sec[rest.join('.')];
    if (typeof flat === 'string') return flat;
    let node: unknown = sec;
    for (const part of rest) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
    return typeof node === 'string' ? node : undefined;
  };
  const lookup = (k: string) => find(catalogues[locale], k) ?? find(catalogues['zh-CN'], k);
  const text = (params.count === 1 ? find(catalogues[locale], `${key}_one`) : undefined) ?? lookup(key) ?? key;
  const reason = params.reason;
  if (typeof reason === 'string' && /^[A-Z][A-Z0-9_]+$/.test(reason)) {
    const reasons = (catalogues[locale] as { reasons?: Record<string, string> }).reasons ?? {};
    // SQLite's extended codes (SQLITE_IOERR_FSYNC) read as their primary code's sentence.
    const primary = /^SQLITE_[A-Z]+/.exec(reason)?.[0];
    const sentence = reasons[reason] ?? (primary ? reasons[primary] : undefined) ?? reasons['other']?.replace(/\{\{\s*code\s*\}\}/g, reason);
    if (sentence) params = { ...params, reason: sentence };
  }
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, name: string) => (name in params ? String(params[name]) : ''));
}
