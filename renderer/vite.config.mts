import { defineConfig } from 'vite';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The renderer is one static bundle served by the browser host and loaded by Electron from disk,
// so asset URLs are relative and nothing is inlined as a script (the CSP forbids inline scripts).
export default defineConfig({
  root: path.dirname(fileURLToPath(import.meta.url)),
  base: './',
  build: {
    outDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'renderer'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: true,
  },
});
