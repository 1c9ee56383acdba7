import fs from 'node:fs/promises';
import path from 'node:path';
import { APP_HOST } from './url-policy';

/** Content types of the files the renderer build emits (vite: html, js, css, svg, fonts, images). */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * The `xiaoniu://app/` protocol handler: serves files from `rendererDir` (absolute), `/` as
 * `/index.html`, and nothing else — another host, a path that decodes outside the folder
 * (`/%2e%2e/…`), a folder or a missing file is 404, a malformed escape 400. Every response,
 * errors included, carries `csp` as its Content-Security-Policy header and `nosniff`.
 *
 * The header is set here and not with `session.webRequest.onHeadersReceived`, because Chromium does
 * not run the header stages of webRequest for custom protocols
 * (https://github.com/electron/electron/issues/6021): a CSP added there would never reach these
 * pages. Electron's security checklist item 7, "Define a Content Security Policy":
 * https://www.electronjs.org/docs/latest/tutorial/security#7-define-a-content-security-policy
 */
export function rendererProtocolHandler(rendererDir: string, csp: string): (request: Request) => Promise<Response> {
  const root = path.resolve(rendererDir);
  const headers = (type?: string): Record<string, string> => ({
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    ...(type ? { 'content-type': type } : {}),
  });
  const fail = (status: number) => new Response(status === 400 ? 'bad request' : 'not found', { status, headers: headers('text/plain; charset=utf-8') });
  return async (request) => {
    let url: URL;
    let rel: string;
    try {
      url = new URL(request.url);
      rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    } catch {
      return fail(400);
    }
    if (url.host !== APP_HOST || rel.includes('\0')) return fail(404);
    const file = path.resolve(root, '.' + rel);
    if (!file.startsWith(root + path.sep)) return fail(404);
    try {
      const body = await fs.readFile(file);
      return new Response(new Uint8Array(body), { headers: headers(TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream') });
    } catch {
      // ENOENT, EISDIR, EACCES: nothing to serve.
      return fail(404);
    }
  };
}
