import fs from 'node:fs';
import path from 'node:path';

/**
 * The compiled JavaScript of a worker thread's entry module: beside the calling module when it runs
 * compiled (`dist/main/...`), else — the caller runs from TypeScript sources under vitest — the same
 * path under `dist/` (a worker thread cannot load `.ts`). `dir` is the caller's `__dirname`, `name`
 * the entry's file name (`search-worker.js`). Throws when neither exists, naming `npm run build`.
 */
export function compiledWorkerFile(dir: string, name: string): string {
  const beside = path.join(dir, name);
  if (fs.existsSync(beside)) return beside;
  for (let up = dir; path.dirname(up) !== up; up = path.dirname(up)) {
    if (fs.existsSync(path.join(up, 'package.json'))) {
      const built = path.join(up, 'dist', path.relative(up, dir), name);
      if (fs.existsSync(built)) return built;
      break;
    }
  }
  throw new Error(`worker ${name} missing beside ${dir} and under dist/ (run npm run build)`);
}
