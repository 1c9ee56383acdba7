/**
 * Which addresses the Electron shell treats as its own page and which it may hand to the system
 * browser. One rule for every guard (navigation, redirects, frames, new windows, IPC senders),
 * following Electron's security checklist items 13 ("Disable or limit navigation") and 15 ("Do not
 * use shell.openExternal with untrusted content"): https://www.electronjs.org/docs/latest/tutorial/security
 */

/** The private scheme the renderer is served from (registered as standard and secure). */
export const APP_SCHEME = 'xiaoniu';
/** The one host of that scheme; `xiaoniu://app/` is the app's origin. */
export const APP_HOST = 'app';
/** The page the window loads. */
export const APP_PAGE = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * True when `url` is a page of the app itself: scheme `xiaoniu:`, host exactly `app`, no
 * credentials. Parsed, never prefix-matched, so `xiaoniu://app.evil/`, `xiaoniu://app@evil/` and
 * `xiaoniu://evil/#xiaoniu://app/` are not ours. (Node's URL gives a non-special scheme the origin
 * `"null"`, so the protocol and host are compared instead of `origin`.) A string that does not parse
 * is not ours.
 */
export function isAppUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

/**
 * The address the system browser may open for `url`, or null: only absolute `http:` and `https:`
 * URLs with a host, returned normalised by the WHATWG URL parser (so the browser opens exactly what
 * was checked). `javascript:`, `file:`, `data:`, `mailto:`, `smb:`, custom schemes and anything that
 * does not parse give null: `shell.openExternal` hands its argument to the operating system, which
 * would run a `file:` or registered-scheme URL as a program.
 */
export function externalUrl(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.hostname === '') return null;
  return u.href;
}
