'use strict';
// Plain JavaScript on purpose: it must run (and explain itself) on any Node, before anything that
// needs Node 22+ is loaded. better-sqlite3 13 crashes with a bare segmentation fault on Node 20.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `小牛工作台需要 Node.js 22.12 或更新版本（当前 ${process.version}）。请安装 Node.js 24 LTS。\n` +
      `Xiaoniu needs Node.js 22.12 or newer (found ${process.version}): better-sqlite3 13 crashes without a message on older versions. Install Node.js 24 LTS.\n`,
  );
  process.exit(3);
}
const path = require('node:path');
const fs = require('node:fs');
/** Loads a compiled module from dist/, or explains how to build it. */
module.exports = function load(rel) {
  const file = path.join(__dirname, '..', 'dist', rel);
  if (!fs.existsSync(file)) {
    process.stderr.write(`找不到 ${file}：请先运行 npm run build。\n${file} is missing: run npm run build first.\n`);
    process.exit(3);
  }
  return require(file);
};
