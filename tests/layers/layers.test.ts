import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The layer rule, enforced (VS Code's way: a check, not goodwill): store ← feature services ← ipc ←
 * hosts; the renderer talks to main only through types and the dependency-free `main/ipc/wire.ts`
 * and `main/phrases/match.ts` (the search fold, shared so highlighting never drifts from matching)
 * and `main/shared/variables.ts` (reply variables, filled by the same rule in the composer and in
 * main) and reads the catalogue in `main/i18n/`; only the Electron shell and the preload import 'electron'.
 */
const root = path.resolve(__dirname, '..', '..');
const layerOf = (rel: string): number => {
  // define.ts and wire.ts are the dependency-free contract kit every feature's slice is written with.
  if (rel.startsWith('main/shared/') || rel.startsWith('main/i18n/') || rel === 'main/ipc/define.ts' || rel === 'main/ipc/wire.ts') return 0;
  if (rel.startsWith('main/store/')) return 1;
  if (/^main\/(phrases|packs|settings|chat|channels|metrics|autoreply)\//.test(rel)) return 2;
  if (rel.startsWith('main/ipc/')) return 3;
  if (rel === 'main/app.ts') return 4;
  if (/^main\/(host|cli|electron)\//.test(rel)) return 5;
  return -1;
};
const LAYER_NAMES = ['shared', 'store', 'feature services', 'ipc', 'app', 'hosts'];

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(rel));
    else if (/\.tsx?$/.test(e.name) && !/\.test(-util)?\.ts$/.test(e.name)) out.push(rel);
  }
  return out;
}

function imports(rel: string): { spec: string; typeOnly: boolean }[] {
  const text = fs.readFileSync(path.join(root, rel), 'utf8');
  const out: { spec: string; typeOnly: boolean }[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
    out.push({ spec: m[3]!, typeOnly: !!m[2] });
  }
  return out;
}

/** The file an import names: `x.ts`, `x.tsx`, `x/index.ts` or a `.json` as written. */
const resolve = (from: string, spec: string): string => {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  if (base.endsWith('.json')) return base;
  for (const candidate of [base + '.ts', base + '.tsx', base + '/index.ts']) {
    if (fs.existsSync(path.join(root, candidate))) return candidate;
  }
  return base;
};

describe('layers', () => {
  it('no module in main/ imports a higher layer', () => {
    const bad: string[] = [];
    for (const file of sources('main')) {
      const mine = layerOf(file);
      for (const { spec } of imports(file)) {
        if (!spec.startsWith('.')) continue;
        const target = resolve(file, spec);
        const theirs = layerOf(target);
        if (theirs > mine) bad.push(`${file} (${LAYER_NAMES[mine]}) imports ${target} (${LAYER_NAMES[theirs]}): pass what it needs in from a higher layer instead`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("only the Electron shell and the preload import 'electron'", () => {
    const bad = [...sources('main'), ...sources('renderer')].filter((f) =>
      imports(f).some((i) => i.spec === 'electron' && !i.typeOnly) && !f.startsWith('main/electron/'),
    );
    expect(bad).toEqual([]);
  });

  it('the renderer imports from main only types, main/ipc/wire.ts and the i18n catalogue', () => {
    const bad: string[] = [];
    for (const file of sources('renderer')) {
      for (const { spec, typeOnly } of imports(file)) {
        if (!spec.startsWith('.')) continue;
        const target = resolve(file, spec);
        if (!target.startsWith('main/') || typeOnly) continue;
        if (target === 'main/ipc/wire.ts' || target === 'main/phrases/match.ts' || target === 'main/shared/variables.ts' || target.startsWith('main/i18n/')) continue;
        bad.push(`${file} imports ${target} at run time: import the type, or move the code into main/ipc/wire.ts`);
      }
    }
    expect(bad).toEqual([]);
  });
});
