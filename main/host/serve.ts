import path from 'node:path';
import { createApp } from '../app';
import { resolveDatabasePath } from '../store/paths';
import { startBrowserHost } from './server';
import { asXiaoniuError } from '../shared/errors';
import { cliLocale, translate } from '../i18n';

/** The built renderer, beside the compiled main (`dist/renderer`). */
export const RENDERER_DIR = path.join(__dirname, '..', '..', 'renderer');

/**
 * `npm run serve [-- --port N] [--db PATH] [--token T]`: opens the same database the desktop app
 * uses (seeding the starter pack into a new one), starts the browser host on 127.0.0.1 and prints
 * the URL with its token. Ctrl+C stops it.
 */
export async function main(argv: string[]): Promise<void> {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const dbFile = resolveDatabasePath(arg('--db'));
  try {
    const app = await createApp({ dbFile, seedStarterPack: true });
    const host = await startBrowserHost({
      app,
      rendererDir: RENDERER_DIR,
      port: Number(arg('--port') ?? process.env.XIAONIU_PORT ?? 0),
      ...(arg('--token') ? { token: arg('--token')! } : {}),
    });
    process.stdout.write(`小牛工作台 browser host\n  database: ${dbFile}\n  open: ${host.url}\n`);
    const stop = () => {
      void host
        .close()
        .then(() => app.close())
        .finally(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (e) {
    const known = asXiaoniuError(e);
    if (known) {
      process.stderr.write(translate(cliLocale(), `errors.${known.code}`, known.params) + '\n');
      process.exit(2);
    }
    throw e;
  }
}
