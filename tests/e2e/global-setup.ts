import fs from 'node:fs';
import path from 'node:path';

/** Fails fast, with the command to run, when the compiled host or renderer is missing. */
export default function globalSetup(): void {
  const root = path.resolve(__dirname, '..', '..');
  const missing = ['dist/main/host/serve.js', 'dist/renderer/index.html'].filter((f) => !fs.existsSync(path.join(root, f)));
  if (missing.length) {
    throw new Error(`missing ${missing.join(', ')}: run \`npm run build\` before \`npx playwright test\``);
  }
  fs.mkdirSync(path.join(root, 'tests', 'e2e', 'screenshots'), { recursive: true });
}
