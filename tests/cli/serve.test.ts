import { describe, expect, it } from 'vitest';
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * `xiaoniu-serve` (the browser host's command line) and the `npm start` launcher as their user runs
 * them: subprocesses of the compiled `bin/xiaoniu-serve.js` (run `npm run build` first) and of
 * `bin/check-electron.js`. Each run gets a scratch HOME and XDG_CONFIG_HOME, so "no database was
 * created" can be checked where the default database would go.
 */
const root = path.resolve(__dirname, '..', '..');
const serveBin = path.join(root, 'bin', 'xiaoniu-serve.js');
const CJK = /[\u4e00-\u9fff]/;

function scratch(): { dir: string; env: Record<string, string>; defaultDb: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-serve-'));
  const env = { HOME: path.join(dir, 'home'), XDG_CONFIG_HOME: path.join(dir, 'config'), XIAONIU_LANG: 'zh-CN' };
  return { dir, env, defaultDb: path.join(dir, 'config', 'Xiaoniu', 'xiaoniu.db') };
}

function serve(args: string[], env: Record<string, string>) {
  const clean = { ...process.env };
  delete clean.XIAONIU_DB;
  delete clean.XIAONIU_PORT;
  const r = spawnSync(process.execPath, [serveBin, ...args], { encoding: 'utf8', env: { ...clean, ...env }, timeout: 20_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const lines = (s: string) => s.split('\n').filter((l) => l.trim() !== '');

describe('xiaoniu-serve --help', () => {
  it('prints every option in Chinese by default and exits 0, opening no database', () => {
    const { env, defaultDb, dir } = scratch();
    for (const flag of ['--help', '-h']) {
      const r = serve([flag], env);
      expect(r.code, r.err).toBe(0);
      for (const option of ['--port', '--db', '--token', '--help', 'XIAONIU_PORT', 'XIAONIU_DB', defaultDb]) expect(r.out).toContain(option);
      expect(r.out).toContain('用法');
      expect(r.err).toBe('');
    }
    // --help wins over everything else on the line, and still touches nothing.
    expect(serve(['--db', path.join(dir, 'x.db'), '--port', '1', '--help'], env).code).toBe(0);
    expect(fs.existsSync(defaultDb)).toBe(false);
    expect(fs.existsSync(path.join(dir, 'config'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'x.db'))).toBe(false);
  });

  it('in English with XIAONIU_LANG=en or an English LANG, with no Chinese in it', () => {
    const { env } = scratch();
    const langs: Record<string, string>[] = [{ XIAONIU_LANG: 'en' }, { XIAONIU_LANG: '', LC_ALL: '', LANG: 'en_US.UTF-8' }];
    for (const lang of langs) {
      const r = serve(['--help'], { ...env, ...lang });
      expect(r.code).toBe(0);
      expect(r.out).toContain('Usage: npm run serve -- [options]');
      expect(r.out).not.toMatch(CJK);
    }
  });
});

describe('xiaoniu-serve usage errors: one line naming the problem, exit 1, nothing opened', () => {
  const cases: [string[], Record<string, string>, RegExp][] = [
    [['--prot', '5179'], {}, /^未知选项 --prot。运行 npm run serve -- --help 查看可用选项。$/],
    [['-x'], {}, /未知选项 -x/],
    [['--port'], {}, /选项 --port 缺少值/],
    [['--port', '--db', 'x.db'], {}, /选项 --port 缺少值/],
    [['--db='], {}, /选项 --db 缺少值/],
    [['--help=yes'], {}, /选项 --help 不接受值/],
    [['start'], {}, /多余的参数 start/],
    [['--port', '70000'], {}, /端口无效（--port 70000）/],
    [['--port', '-1'], {}, /选项 --port 缺少值/],
    [['--port', '12ab'], {}, /端口无效（--port 12ab）/],
    [[], { XIAONIU_PORT: 'eighty' }, /端口无效（XIAONIU_PORT eighty）/],
    [['--prot', '5179'], { XIAONIU_LANG: 'en' }, /^Unknown option --prot\. Run npm run serve -- --help to see the options\.$/],
  ];
  for (const [args, extra, message] of cases) {
    it(`${JSON.stringify(args)} ${JSON.stringify(extra)}`, () => {
      const { env, defaultDb, dir } = scratch();
      const r = serve(args, { ...env, ...extra });
      expect(r.code).toBe(1);
      expect(r.out).toBe('');
      expect(lines(r.err)).toHaveLength(1);
      expect(r.err.trim()).toMatch(message);
      if (extra.XIAONIU_LANG === 'en') expect(r.err).not.toMatch(CJK);
      expect(fs.existsSync(defaultDb)).toBe(false);
      expect(fs.readdirSync(dir).sort()).toEqual([]);
    });
  }
});

describe('xiaoniu-serve on a port in use', () => {
  it('one line in the user language, exit 2, and no database file created', async () => {
    const blocker = net.createServer();
    const port = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)));
    try {
      const { env, dir } = scratch();
      const db = path.join(dir, 'sub', 'x.db');
      const zh = serve(['--port', String(port), '--db', db], env);
      expect(zh.code).toBe(2);
      expect(lines(zh.err)).toEqual([`端口 ${port} 已被占用（可能另一个小牛工作台浏览器主机正在运行）：请先关闭它，或用 --port 换一个端口（--port 0 自动选择）。`]);
      expect(zh.out).toBe('');
      const en = serve(['--port', String(port), '--db', db], { ...env, XIAONIU_LANG: 'en' });
      expect(en.code).toBe(2);
      expect(lines(en.err)).toHaveLength(1);
      expect(en.err).toContain(`Port ${port} is already in use`);
      expect(en.err).not.toMatch(CJK);
      // Bound first, opened after: nothing on disk, not even the database's folder.
      expect(fs.existsSync(path.join(dir, 'sub'))).toBe(false);
      // The same through XIAONIU_PORT.
      expect(serve(['--db', db], { ...env, XIAONIU_PORT: String(port) }).code).toBe(2);
      expect(fs.existsSync(path.join(dir, 'sub'))).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it('a free port: starts, prints the address, and stops with exit 0 on SIGTERM', async () => {
    const { env, dir } = scratch();
    const db = path.join(dir, 'x.db');
    const child = spawn(process.execPath, [serveBin, '--db', db, '--token', 'fixed-token'], { env: { ...process.env, ...env } });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (/http:\/\/127\.0\.0\.1:\d+\/\?token=\S+\n/.test(out)) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    expect(out).toMatch(/在浏览器中打开：http:\/\/127\.0\.0\.1:\d+\/\?token=fixed-token\n/);
    expect(fs.existsSync(db)).toBe(true);
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  });
});

describe('npm start without Electron’s program (bin/check-electron.js)', () => {
  /**
   * A copy of the launcher beside a fake `node_modules/electron` whose `install.js` does what the
   * test says: fail as it does offline, or "download" the program.
   */
  function layout(install: 'fails' | 'downloads' | 'none', preinstalled = false): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-start-'));
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.copyFileSync(path.join(root, 'bin', 'check-electron.js'), path.join(dir, 'bin', 'check-electron.js'));
    fs.mkdirSync(path.join(dir, 'main', 'i18n'), { recursive: true });
    for (const f of ['zh-CN.json', 'en.json']) fs.copyFileSync(path.join(root, 'main', 'i18n', f), path.join(dir, 'main', 'i18n', f));
    if (install === 'none') return dir;
    const electron = path.join(dir, 'node_modules', 'electron');
    fs.mkdirSync(electron, { recursive: true });
    fs.writeFileSync(path.join(electron, 'package.json'), '{"name":"electron","version":"45.0.0"}');
    fs.writeFileSync(
      path.join(electron, 'install.js'),
      install === 'fails'
        ? "require('fs').writeFileSync(__dirname + '/ran', ''); console.error('TypeError: fetch failed\\n    at node:internal/deps/undici'); process.exit(1);"
        : "const fs = require('fs'); fs.writeFileSync(__dirname + '/ran', ''); fs.mkdirSync(__dirname + '/dist'); fs.writeFileSync(__dirname + '/dist/electron', ''); fs.writeFileSync(__dirname + '/path.txt', 'electron');",
    );
    if (preinstalled) {
      fs.mkdirSync(path.join(electron, 'dist'));
      fs.writeFileSync(path.join(electron, 'dist', 'electron'), '');
      fs.writeFileSync(path.join(electron, 'path.txt'), 'electron');
    }
    return dir;
  }

  function launch(dir: string, env: Record<string, string> = {}) {
    const clean = { ...process.env };
    delete clean.ELECTRON_OVERRIDE_DIST_PATH;
    const r = spawnSync(process.execPath, [path.join(dir, 'bin', 'check-electron.js')], { encoding: 'utf8', env: { ...clean, XIAONIU_LANG: 'zh-CN', ...env } });
    return { code: r.status, out: r.stdout, err: r.stderr };
  }

  it('the download fails (offline): one line saying to use npm run serve, in the user language, exit 3', () => {
    const dir = layout('fails');
    const zh = launch(dir);
    expect(zh.code).toBe(3);
    expect(lines(zh.err)).toHaveLength(1);
    expect(zh.err).toContain('请改用 npm run serve');
    expect(zh.err).not.toContain('fetch failed');
    expect(fs.existsSync(path.join(dir, 'node_modules', 'electron', 'ran'))).toBe(true);
    const en = launch(dir, { XIAONIU_LANG: 'en' });
    expect(lines(en.err)).toHaveLength(1);
    expect(en.err).toContain('use npm run serve instead');
    expect(en.err).not.toMatch(CJK);
  });

  it('no electron package at all, or an ELECTRON_OVERRIDE_DIST_PATH without the program: the same line', () => {
    expect(launch(layout('none'))).toMatchObject({ code: 3, err: expect.stringContaining('npm run serve') });
    const r = launch(layout('fails'), { ELECTRON_OVERRIDE_DIST_PATH: path.join(os.tmpdir(), 'no-such-electron') });
    expect(r.code).toBe(3);
    expect(lines(r.err)).toHaveLength(1);
  });

  it('the download works: exit 0, silent; the program already there: exit 0 without downloading', () => {
    const downloads = layout('downloads');
    expect(launch(downloads)).toEqual({ code: 0, out: '', err: '' });
    expect(fs.existsSync(path.join(downloads, 'node_modules', 'electron', 'ran'))).toBe(true);
    const present = layout('fails', true);
    expect(launch(present)).toEqual({ code: 0, out: '', err: '' });
    expect(fs.existsSync(path.join(present, 'node_modules', 'electron', 'ran'))).toBe(false);
  });

  it('package.json runs it before the build and before electron', () => {
    const start = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.start as string;
    expect(start.indexOf('node bin/check-electron.js')).toBeGreaterThan(-1);
    expect(start.indexOf('node bin/check-electron.js')).toBeLessThan(start.indexOf('npm run build'));
    expect(start.indexOf('npm run build')).toBeLessThan(start.indexOf('electron .'));
  });
});
