import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/db';
import { virtualClock } from '../shared/clock';
import { createPhraseService } from '../phrases/service';
import { utf8 } from './testkit.test-util';
import { createPackService, PREVIEW_CONTENT_MAX } from './service';

function packs() {
  return createPackService(createPhraseService(openDatabase(':memory:'), virtualClock(Date.UTC(2026, 10, 30, 8))));
}

describe('what previews and problem reports quote back from a hostile pack', () => {
  // A 5 MB shortcut code and a 5 MB unknown XML element name: valid CSV and XML, hostile cells.
  const hugeCode = 'c'.repeat(5_000_000);

  it('cuts a quoted cell to 40 characters in the preview’s problems and sample, and in the import’s problems', async () => {
    const bytes = utf8(`分组,快捷编码,短语内容\n售前,${hugeCode},亲，在的\n售前,hi,${'长'.repeat(1000)}\n`);
    const preview = await packs().preview(bytes);
    expect(preview.problems).toEqual([{ line: 2, code: 'pack.codeInvalidDropped', params: { code: 'c'.repeat(40) + '…' } }]);
    expect(preview.sample[0]!.code).toBe('c'.repeat(40) + '…');
    expect(preview.sample[1]!.content).toBe('长'.repeat(PREVIEW_CONTENT_MAX) + '…');
    expect(JSON.stringify(preview).length).toBeLessThan(5_000);

    const result = await packs().importPack(bytes);
    expect(result.imported).toBe(2);
    expect(result.problems[0]!.params).toEqual({ code: 'c'.repeat(40) + '…' });
  });

  it('cuts an element name an XML pack reports as unknown', async () => {
    const name = 'x'.repeat(1_000_000);
    const preview = await packs().preview(utf8(`<phrasePack><${name}/><phrase>好</phrase></phrasePack>`));
    expect(preview.problems[0]!.params).toEqual({ name: 'x'.repeat(40) + '…' });
  });

  it('cuts a header cell the file names as an ignored column', async () => {
    const preview = await packs().preview(utf8(`分组,短语内容,${'备注'.repeat(100)}\n售前,亲\n`));
    expect(preview.ignoredColumns).toEqual(['备注'.repeat(20) + '…']);
  });
});
