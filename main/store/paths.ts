import os from 'node:os';
import path from 'node:path';

/**
 * The per-user data folder Electron's `app.getPath('userData')` gives for an app named Xiaoniu,
 * computed without Electron so the CLI and the browser host find the same database:
 * `%APPDATA%\Xiaoniu`, `~/Library/Application Support/Xiaoniu`, `$XDG_CONFIG_HOME/Xiaoniu`
 * (default `~/.config/Xiaoniu`).
 */
export function userDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  if (platform === 'win32') return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), 'Xiaoniu');
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', 'Xiaoniu');
  return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), 'Xiaoniu');
}

/**
 * Where the database lives: `--db PATH` first, then `XIAONIU_DB`, then `xiaoniu.db` in
 * {@link userDataDir} (docs/cli.md "The database").
 */
export function resolveDatabasePath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, dataDir = userDataDir()): string {
  if (flag) return path.resolve(flag);
  if (env.XIAONIU_DB) return path.resolve(env.XIAONIU_DB);
  return path.join(dataDir, 'xiaoniu.db');
}
