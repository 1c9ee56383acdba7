import { expect, openApp, SHOTS, test } from './fixtures';
import path from 'node:path';

test('the page links a favicon the host serves: the 牛 logo as SVG, allowed by the page CSP', async ({ page, host }) => {
  const response = await page.goto(host.url);
  expect(response?.headers()['content-security-policy']).toContain("img-src 'self'");
  await openApp(page, host);
  const href = await page.locator('link[rel="icon"]').getAttribute('href');
  expect(href).toBe('./favicon.svg');
  const icon = await page.request.get(new URL(href!, page.url()).href);
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toBe('image/svg+xml');
  const svg = await icon.text();
  expect(svg).toContain('牛');
  expect(svg).toContain('#1677ff');
  // Browsers that ask for /favicon.ico on their own get the same icon.
  const ico = await page.request.get(new URL('/favicon.ico', page.url()).href);
  expect(ico.status()).toBe(200);
  expect(await ico.text()).toBe(svg);
  // How it looks, drawn large and at tab size, for the reviewer.
  const iconUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  await page.goto('about:blank');
  await page.setContent(`<body style="margin:16px;background:#dee1e6"><img src="${iconUrl}" width="128" height="128"> <img src="${iconUrl}" width="32" height="32"> <img src="${iconUrl}" width="16" height="16"></body>`);
  await expect.poll(() => page.locator('img').first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await page.screenshot({ path: path.join(SHOTS, 'favicon.png'), clip: { x: 0, y: 0, width: 240, height: 170 } });
});
