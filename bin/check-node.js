'use strict';
// Plain JavaScript on purpose: it must run (and explain itself) on any Node, before anything that
// needs Node 22+ is loaded. better-sqlite3 13 crashes with a bare segmentation fault on Node 20.
// One language per message, as the CLI picks it (main/i18n/index.ts cliLocale): XIAONIU_LANG,
// else LC_ALL / LANG starting with "en", else Chinese. The sentences live in the catalogue.
const env = process.env;
const catalogue = require(/^en/i.test(env.XIAONIU_LANG || env.LC_ALL || env.LANG || '') ? '../main/i18n/en.json' : '../main/i18n/zh-CN.json');
/** The catalogue's `start.<key>` with `{{name}}` filled from `params`. */
function say(key, params) {
  return catalogue.start[key].replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, name) => String(params[name]));
}
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(say('nodeTooOld', { version: process.version }) + '\n');
  process.exit(3);
}
const path = require('node:path');
const fs = require('node:fs');
// Node keeps the compiled code of our modules between runs (in the system's temp folder): a command
// line starts for one command, and compiling ~100 modules again each time was a tenth of a small
// import or export (Node 22.1+, https://nodejs.org/api/module.html#module-compile-cache).
const nodeModule = require('node:module');
if (typeof nodeModule.enableCompileCache === 'function') nodeModule.enableCompileCache();
/** Loads a compiled module from dist/, or explains how to build it. */
module.exports = function load(rel) {
  const file = path.join(__dirname, '..', 'dist', rel);
  if (!fs.existsSync(file)) {
    process.stderr.write(say('notBuilt', { file }) + '\n');
    process.exit(3);
  }
  return require(file);
};
