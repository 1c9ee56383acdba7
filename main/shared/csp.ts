/**
 * The renderer's Content-Security-Policy, the same for both hosts: scripts and styles only from the
 * app itself (no inline code: buyer text can never become markup that runs), images also as
 * data:/blob: URLs (`'self'` also covers the favicon, `favicon.svg`, for browsers that apply
 * `img-src` to it, as Firefox does), nothing framed or posted anywhere. `connect` lists what the page
 * may connect to: in the browser host its own origin (the `/token-check` a reconnecting page asks)
 * and its WebSocket — `ws:` spelled out, since CSP Level 2 browsers do not let `'self'` cover it —
 * and `'none'` in Electron (IPC needs no network).
 */
export function contentSecurityPolicy(connect: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
