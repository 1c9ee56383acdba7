/**
 * The renderer's Content-Security-Policy, the same for both hosts: scripts and styles only from the
 * app itself (no inline code: buyer text can never become markup that runs), images also as
 * data:/blob: URLs, nothing framed or posted anywhere. `connect` is the one WebSocket origin the
 * browser host's bridge uses, or `'none'` in Electron (IPC needs no network).
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
