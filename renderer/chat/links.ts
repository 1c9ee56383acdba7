/**
 * Web addresses in message text (docs/chat-window.md "Links"). Only `http:` and `https:` addresses
 * become links — never `javascript:`, `file:`, `data:` or a custom scheme — and opening one always
 * goes through the agent's confirmation of the full address, because buyer text is untrusted: a
 * look-alike domain in a "refund form" is a classic phishing move on shop agents.
 */

/** A run of plain text or one web address, with UTF-16 offsets into the original text. */
export type LinkToken = { kind: 'text'; text: string } | { kind: 'link'; text: string; url: string };

/**
 * `http://` or `https://` and what follows up to whitespace, a quote or angle bracket, or a
 * full-width (Chinese) punctuation mark — buyers write 链接：https://…，谢谢 with no space.
 */
const URL_RUN = /https?:\/\/[^\s<>"'`，。！？；：、（）【】《》「」『』“”‘’]+/gi;
/** ASCII punctuation that ends a sentence rather than an address. */
const TRAILING = /[.,;:!?)\]}]+$/;

/** The normalised address when `candidate` is a valid http(s) URL, else null. */
export function safeHttpUrl(candidate: string): string | null {
  try {
    const u = new URL(candidate);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** Splits `text` into text runs and http(s) addresses. */
export function linkify(text: string): LinkToken[] {
  if (!/https?:\/\//i.test(text)) return [{ kind: 'text', text }];
  const out: LinkToken[] = [];
  let at = 0;
  for (const m of text.matchAll(URL_RUN)) {
    let raw = m[0];
    const trail = TRAILING.exec(raw);
    if (trail) raw = raw.slice(0, raw.length - trail[0].length);
    const url = safeHttpUrl(raw);
    if (!url || raw.length <= 'https://'.length - 1) continue;
    if (m.index > at) out.push({ kind: 'text', text: text.slice(at, m.index) });
    out.push({ kind: 'link', text: raw, url });
    at = m.index + raw.length;
  }
  if (at < text.length) out.push({ kind: 'text', text: text.slice(at) });
  return out;
}

/**
 * Opens a confirmed address outside the app: a new browsing context with no opener and no
 * referrer (the Electron shell's window-open handler hands http(s) to the system browser).
 * Refuses anything that is not http(s), whatever the caller passes.
 */
export function openExternal(url: string, open: typeof window.open = window.open.bind(window)): boolean {
  const safe = safeHttpUrl(url);
  if (!safe) return false;
  open(safe, '_blank', 'noopener,noreferrer');
  return true;
}
