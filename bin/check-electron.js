'use strict';
// `npm start` runs this before `electron .`. Plain JavaScript on purpose, like check-node.js: it
// runs before the build. Electron's npm package holds no program; its `path.txt` and `dist/` come
// from a download (node_modules/electron/install.js), which `.npmrc`'s ignore-scripts skips at
// install time and which fails offline. Without this check `electron .` retries that download
// itself and ends with a stack trace ("Electron failed to install correctly"); here the download
// is tried once and, when it fails, one line in the user's language says to use the browser host.
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const ROOT = path.join(__dirname, '..');

/** The same rule as main/i18n cliLocale: XIAONIU_LANG, else LC_ALL / LANG starting with "en", else 中文. */
function locale(env) {
  const v = env.XIAONIU_LANG || env.LC_ALL || env.LANG || '';
  return /^en/i.test(v) ? 'en' : 'zh-CN';
}

/** A `serve.*` message from the one catalogue (main/i18n), plain JSON readable before any build. */
function message(key) {
  const catalogue = JSON.parse(fs.readFileSync(path.join(ROOT, 'main', 'i18n', `${locale(process.env)}.json`), 'utf8'));
  return catalogue.serve[key];
}

/**
 * Electron's program as node_modules/electron/index.js finds it (`ELECTRON_OVERRIDE_DIST_PATH`,
 * else `dist/` + the name in `path.txt`), or null when it is not on disk. `dir` is the package's
 * folder, null when the package itself is not installed.
 */
function findElectron() {
  let dir;
  try {
    dir = path.dirname(require.resolve('electron/package.json', { paths: [ROOT] }));
  } catch {
    return { dir: null, binary: null };
  }
  let name = null;
  try {
    name = fs.readFileSync(path.join(dir, 'path.txt'), 'utf8');
  } catch {
    // Not downloaded yet.
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? path.join(override, name || 'electron') : name ? path.join(dir, 'dist', name) : null;
  return { dir, binary: binary && fs.existsSync(binary) ? binary : null };
}

function giveUp() {
  process.stderr.write(message('electronMissing') + '\n');
  process.exit(3);
}

const found = findElectron();
if (!found.binary) {
  if (!found.dir || process.env.ELECTRON_OVERRIDE_DIST_PATH) giveUp();
  // Electron's own downloader (honours ELECTRON_MIRROR and its cache). Its stack trace on failure
  // is not for the agent; a download that takes a while is announced once.
  const child = spawn(process.execPath, [path.join(found.dir, 'install.js')], { stdio: ['ignore', 'ignore', 'ignore'] });
  const note = setTimeout(() => process.stderr.write(message('electronDownloading') + '\n'), 1500);
  child.on('error', giveUp);
  child.on('exit', () => {
    clearTimeout(note);
    if (!findElectron().binary) giveUp();
  });
}
