import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';

/**
 * The packaging configuration as electron-builder itself reads it (its own loader and its JSON
 * schema, from the electron-builder in node_modules, so a misspelt option fails here and not on a
 * release machine): the asar archive on and the Electron fuses set as docs/electron.md "Fuses"
 * explains (https://www.electronjs.org/docs/latest/tutorial/fuses).
 */
const root = path.resolve(__dirname, '..', '..');

describe('electron-builder.yml', () => {
  it('passes electron-builder’s schema, packs the app into asar and sets the fuses', async () => {
    const config = await getConfig(root, null, null);
    await validateConfiguration(config, new DebugLogger(false));
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // Packs what the build emits and the entry package.json names.
    expect(JSON.stringify(config.files)).toContain('dist/main/**');
  });

  it('the schema check is real: a misspelt option is refused', async () => {
    const config = await getConfig(root, null, null);
    await expect(validateConfiguration({ ...config, electronFuse: { runAsNode: false } } as typeof config, new DebugLogger(false))).rejects.toThrow(/electronFuse/);
  });
});
