import { describe, expect, it } from 'vitest';
import { createApp } from './app';

describe('the starter pack', () => {
  it('is seeded once into a new database, and ships no variable the app cannot fill yet', async () => {
    const app = await createApp({ dbFile: ':memory:', seedStarterPack: true, importOnWorker: false });
    try {
      const phrases = app.phrases.listPhrases();
      expect(phrases.length).toBe(60);
      expect(new Set(phrases.map((p) => p.groupName)).size).toBe(9);
      // Reply variables ({shop}, {buyer}, {agent}, {date}, {time}) are filled on send only once the
      // chat window exists; until then a shipped phrase holding one would go out literally.
      const withVariables = phrases.filter((p) => /\{[A-Za-z_]+\}/.test(p.content)).map((p) => p.content);
      expect(withVariables).toEqual([]);
      expect((await app.phrases.search('/hi', 1)).hits[0]?.phrase.content).toMatch(/^亲，您好！欢迎光临本店/);
    } finally {
      await app.close();
    }
  });
});
