import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../app';
import { resolveDatabasePath, userDataDir } from '../store/paths';
import { startBrowserHost } from './server';
import { asXiaoniuError } from '../shared/errors';
import { cliLocale, translate, type Locale } from '../i18n';

/** The built renderer, beside the compiled main (`dist/renderer`). */
export const RENDERER_DIR = path.join(__dirname, '..', '..', 'renderer');

/** What the command line asks for: help, a usage error (catalogue key + params), or a run. */
export type ServeCommand =
  | { kind: 'help' }
  | { kind: 'usage'; key: string; params: Record<string, string> }
  | { kind: 'run'; port: number; dbFlag: string | undefined; token: string | undefined };

const OPTIONS = {
  port: { type: 'string' },
  db: { type: 'string' },
  token: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A TCP port as typed: decimal digits, 0–65535 (0 lets the system pick a free one). */
function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const n = Number(text);
  return n <= 65535 ? n : null;
}

/**
 * Reads `xiaoniu-serve`'s arguments: `--port N`, `--db PATH`, `--token T`, `-h`/`--help`
 * (`--name=value` works too), with `XIAONIU_PORT` as the port's default. The first unknown
 * option, option without its value, or stray argument is a usage error naming it; `--help`
 * wins over everything else. Node's `parseArgs` runs non-strict so that the offending token is
 * known exactly (its strict errors carry it only inside an English sentence).
 */
export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ServeCommand {
  const { tokens } = parseArgs({ args: argv, options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  let problem: ServeCommand | null = null;
  const values: { port?: string; db?: string; token?: string; help?: boolean } = {};
  for (const t of tokens) {
    if (problem) break;
    if (t.kind === 'option-terminator') continue;
    if (t.kind === 'positional') {
      problem = { kind: 'usage', key: 'serve.unexpectedArgument', params: { arg: t.value } };
    } else if (!Object.prototype.hasOwnProperty.call(OPTIONS, t.name)) {
      problem = { kind: 'usage', key: 'serve.unknownOption', params: { option: t.rawName } };
    } else if (t.name === 'help') {
      if (t.value !== undefined) problem = { kind: 'usage', key: 'serve.noValueExpected', params: { option: t.rawName } };
      else values.help = true;
    } else if (t.value === undefined || t.value === '' || (!t.inlineValue && t.value.startsWith('-'))) {
      // `--port --db x` would otherwise take "--db" as the port.
      problem = { kind: 'usage', key: 'serve.missingValue', params: { option: t.rawName } };
    } else {
      values[t.name as 'port' | 'db' | 'token'] = t.value;
    }
  }
  if (values.help) return { kind: 'help' };
  if (problem) return problem;
  const portText = values.port ?? env.XIAONIU_PORT ?? '0';
  const port = parsePort(portText);
  if (port === null) {
    return { kind: 'usage', key: 'serve.badPort', params: { port: portText, source: values.port !== undefined ? '--port' : 'XIAONIU_PORT' } };
  }
  return { kind: 'run', port, dbFlag: values.db, token: values.token };
}

/**
 * One line for a failed `listen` on 127.0.0.1:`port`: in use (another host, or any program),
 * not permitted (a port below 1024 without privileges), or the system's own reason.
 */
export function listenErrorText(locale: Locale, port: number, e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') return translate(locale, 'serve.portInUse', { port });
  if (code === 'EACCES' || code === 'EPERM') return translate(locale, 'serve.portDenied', { port });
  // `translate` turns an errno code into the catalogue's sentence; an error without one gets the
  // catalogue's "unexpected error", never the system's English text inside this sentence.
  return translate(locale, 'serve.cannotListen', { port, reason: typeof code === 'string' ? code : 'EUNKNOWN' });
}

/**
 * `npm run serve [-- --port N] [--db PATH] [--token T]`: binds 127.0.0.1 first, then opens the
 * same database the desktop app uses (seeding the starter pack into a new one), and prints the URL
 * with its token. Ctrl+C stops it. `--help` prints the options and touches nothing.
 *
 * Exit codes, as the `xiaoniu` CLI's: 0 help shown or stopped by Ctrl+C / SIGTERM; 1 usage error;
 * 2 could not start (port in use, database refused — nothing was created); 4 internal error.
 * Messages are in the language of `XIAONIU_LANG` / `LANG` ({@link cliLocale}), one line each.
 */
export async function main(argv: string[]): Promise<void> {
  const locale = cliLocale();
  const command = parseServeArgs(argv);
  if (command.kind === 'help') {
    process.stdout.write(translate(locale, 'serve.help', { defaultDb: path.join(userDataDir(), 'xiaoniu.db') }) + '\n');
    process.exit(0);
  }
  if (command.kind === 'usage') {
    process.stderr.write(translate(locale, 'serve.usageLine', { problem: translate(locale, command.key, command.params) }) + '\n');
    process.exit(1);
  }
  const dbFile = resolveDatabasePath(command.dbFlag);
  let listening = false;
  try {
    const host = await startBrowserHost({
      // Called once the port is bound: a port in use leaves no new database behind.
      app: () => {
        listening = true;
        // The window's host runs the channel: the simulator unless 基本设置 turned it off, and the
        // database's lease, so `xiaoniu run` on the same database is refused (and refuses this).
        // The address is printed once the store is open; the phrase index is built while the page loads.
        return createApp({ dbFile, seedStarterPack: true, hold: 'window', channel: 'simulator', simulatorFollowsSetting: true, waitForSearchIndex: false });
      },
      rendererDir: RENDERER_DIR,
      port: command.port,
      ...(command.token !== undefined ? { token: command.token } : {}),
      log: (message, e) => console.error(message, ...(e === undefined ? [] : [e])),
    });
    const stop = () => {
      void host
        .close()
        .then(() => host.app.close())
        .finally(() => process.exit(0));
    };
    // Before the address is printed: whoever reads it may stop the host at once (a pipe to a
    // parent is written synchronously on Linux, so the line can arrive before the next statement).
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    process.stdout.write(translate(locale, 'serve.started', { db: dbFile, url: host.url }) + '\n');
  } catch (e) {
    if (!listening) {
      process.stderr.write(listenErrorText(locale, command.port, e) + '\n');
      process.exit(2);
    }
    const known = asXiaoniuError(e);
    if (known) {
      process.stderr.write(translate(locale, `errors.${known.code}`, known.params) + '\n');
      process.exit(2);
    }
    process.stderr.write(translate(locale, 'errors.internal') + '\n');
    console.error(e);
    process.exit(4);
  }
}
