import { describe, expect, it } from 'vitest';
import { XiaoniuError } from '../shared/errors';
import { bytesSource, eventJson, readTranscript, type ByteSource, type TranscriptEvent } from './transcript';

const enc = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

function read(input: string | Uint8Array, source?: ByteSource) {
  const events: [TranscriptEvent, number][] = [];
  const info = readTranscript(source ?? bytesSource(typeof input === 'string' ? enc(input) : input), (e, i) => events.push([e, i]));
  return { info, events: events.map(([e]) => e), indexes: events.map(([, i]) => i) };
}

/** The error code and params a refused transcript gives. */
function refusal(input: string | Uint8Array): { code: string; params: Record<string, string | number> } {
  try {
    read(input);
  } catch (e) {
    if (e instanceof XiaoniuError) return { code: e.code, params: e.params };
    throw e;
  }
  throw new Error('not refused');
}

/** A source that hands out `size` bytes at a time, to cut characters and tokens anywhere. */
function trickle(bytes: Uint8Array, size: number): ByteSource {
  let at = 0;
  return {
    read(into) {
      const n = Math.min(size, into.length, bytes.length - at);
      into.set(bytes.subarray(at, at + n));
      at += n;
      return n;
    },
  };
}

const doc = (events: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ timezone: 'Asia/Shanghai', events, ...extra });
const ok = { at: '2026-03-01T10:00:05+08:00', type: 'buyer', buyer: 'tb_8812', text: '在吗' };

describe('reading transcripts', () => {
  it('reads every event type, converting times to ms and yuan to fen', () => {
    const { info, events } = read(
      doc([
        { ...ok, nickname: '小王', auto: true },
        { at: '2026-03-01T02:00:20Z', type: 'agent', buyer: 12345, text: '亲，在的' },
        { at: '2026-03-01T10:05:00+08:00', type: 'order', buyer: 'tb_8812', amount: 199.9, paid: true },
        { at: '2026-03-01T10:05:00+08:00', type: 'order', buyer: 'tb_8812', amount: 0.29 },
        { at: '2026-03-01T10:06:00+08:00', type: 'status', status: 'busy' },
        { at: '2026-03-01T10:30:00+08:00', type: 'close', buyer: 'tb_8812', channel: 'simulator' },
      ]),
    );
    expect(info).toEqual({ timezone: 'Asia/Shanghai', format: 'json', events: 6 });
    const t = Date.UTC(2026, 2, 1, 2, 0, 5);
    expect(events).toEqual([
      { at: t, type: 'buyer', buyer: 'tb_8812', nickname: '小王', text: '在吗', auto: true },
      { at: t + 15_000, type: 'agent', buyer: '12345', text: '亲，在的' },
      { at: t + 295_000, type: 'order', buyer: 'tb_8812', amount: 19990, paid: true },
      { at: t + 295_000, type: 'order', buyer: 'tb_8812', amount: 29 },
      { at: t + 355_000, type: 'status', status: 'busy' },
      { at: t + 1_795_000, type: 'close', buyer: 'tb_8812', channel: 'simulator' },
    ]);
  });

  it('streams a document and JSON Lines alike, whatever the chunk boundaries (BOM, CRLF, multi-byte characters cut)', () => {
    const events = [ok, { ...ok, text: '😊 发货了吗？\n第二行', nickname: '小王' }, { at: '2026-03-01T10:06:00+08:00', type: 'status', status: 'away' }];
    const asDoc = enc('\ufeff' + JSON.stringify({ events, timezone: 'Asia/Shanghai' }, null, 2));
    const asLines = enc('{"timezone":"Asia/Shanghai"}\r\n' + events.map((e) => JSON.stringify(e)).join('\r\n') + '\r\n\r\n');
    const whole = read(asDoc).events;
    expect(whole).toHaveLength(3);
    for (const size of [1, 2, 3, 7, 64]) {
      expect(read('', trickle(asDoc, size)).events).toEqual(whole);
      const lines = read('', trickle(asLines, size));
      expect(lines.info.format).toBe('jsonl');
      expect(lines.events).toEqual(whole);
    }
  });

  it('names the event index of a bad event, whichever field is wrong', () => {
    const at = (e: unknown) => refusal(doc([ok, ok, e]));
    expect(at({ ...ok, at: '2026-03-01T10:00:05' })).toEqual({ code: 'history.badAt', params: { index: 2, value: '2026-03-01T10:00:05' } });
    expect(at({ ...ok, at: '1969-12-31T23:59:59Z' }).code).toBe('history.badAt');
    expect(at({ ...ok, type: 'buyers' })).toEqual({ code: 'history.badType', params: { index: 2, value: 'buyers' } });
    expect(at({ at: ok.at, buyer: 'x', text: 'y' })).toEqual({ code: 'history.missingField', params: { index: 2, field: 'type' } });
    expect(at({ ...ok, text: undefined })).toEqual({ code: 'history.missingField', params: { index: 2, field: 'text' } });
    expect(at({ ...ok, txt: '在吗' })).toEqual({ code: 'history.unknownField', params: { index: 2, field: 'txt', type: 'buyer' } });
    expect(at({ at: ok.at, type: 'status', status: 'busy', buyer: 'b' })).toEqual({ code: 'history.unknownField', params: { index: 2, field: 'buyer', type: 'status' } });
    expect(at({ ...ok, text: '' }).code).toBe('history.badText');
    expect(at({ ...ok, text: 'a\u0000b' }).code).toBe('history.badText');
    expect(at({ ...ok, text: 'a\ud800b' }).code).toBe('history.badText');
    expect(at({ ...ok, buyer: '' }).code).toBe('history.badBuyer');
    expect(at({ ...ok, buyer: 1.5 }).code).toBe('history.badBuyer');
    expect(at({ ...ok, auto: 'yes' }).code).toBe('history.badAuto');
    expect(at({ ...ok, channel: 'Sim ulator' }).code).toBe('history.badChannel');
    expect(at({ at: ok.at, type: 'status', status: 'offline' })).toEqual({ code: 'history.badStatus', params: { index: 2, value: 'offline' } });
    expect(at({ at: ok.at, type: 'order', buyer: 'b', amount: 19.999 })).toEqual({ code: 'history.badAmount', params: { index: 2, value: '19.999' } });
    expect(at({ at: ok.at, type: 'order', buyer: 'b', amount: -1 }).code).toBe('history.badAmount');
    expect(at({ at: ok.at, type: 'order', buyer: 'b', amount: '199' }).code).toBe('history.badAmount');
    expect(at({ at: ok.at, type: 'order', buyer: 'b', amount: 1, paid: 1 }).code).toBe('history.badPaid');
    expect(at('在吗')).toEqual({ code: 'history.notAnEvent', params: { index: 2 } });
  });

  it('refuses what is not a transcript, naming where', () => {
    expect(refusal('').code).toBe('history.notTranscript');
    expect(refusal('分组,快捷编码,短语内容\r\n售后,th,亲\r\n').code).toBe('history.notTranscript');
    expect(refusal(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a])).code).toBe('history.notTranscript');
    expect(refusal(doc([ok]).replace('Asia/Shanghai', 'Mars/Base')).code).toBe('history.badTimezone');
    expect(refusal(JSON.stringify({ events: [ok] })).code).toBe('history.noTimezone');
    expect(refusal(JSON.stringify({ timezone: 'UTC' })).code).toBe('history.noEvents');
    expect(refusal(JSON.stringify({ timezone: 'UTC', events: {} })).code).toBe('history.eventsNotArray');
    expect(refusal(doc([ok], { version: 2 }))).toEqual({ code: 'history.unknownTopLevel', params: { field: 'version' } });
    // Broken JSON inside the third event, and after the document.
    expect(refusal(doc([ok, ok, ok]).replace(/,"text":"在吗"}\]/, ',"text":"在吗"]'))).toEqual({ code: 'history.badJson', params: { index: 2 } });
    expect(refusal(doc([ok]) + ' {').code).toBe('history.badJsonHeader');
    expect(refusal(doc([ok]).slice(0, -10)).code).toBe('history.badJson');
    // JSON Lines: the line and the event index.
    expect(refusal(`{"timezone":"UTC"}\n${JSON.stringify(ok)}\n{"at": oops}\n`)).toEqual({ code: 'history.badJsonLine', params: { line: 3, index: 1 } });
    expect(refusal(`{"timezone":"UTC","by":"me"}\n${JSON.stringify(ok)}\n`)).toEqual({ code: 'history.unknownTopLevel', params: { field: 'by' } });
    // Bytes that are not UTF-8 (a GBK file): the byte offset.
    const gbk = new Uint8Array([...enc('{"timezone":"UTC","events":[{"at":"2026-03-01T10:00:05Z","type":"buyer","buyer":"b","text":"'), 0xd4, 0xda, 0xc2, 0xf0, ...enc('"}]}')]);
    expect(refusal(gbk)).toEqual({ code: 'history.notUtf8', params: { offset: 92 } });
  });

  it('hands over the events before a fault, so the importer must roll back (and does: see history-import.test.ts)', () => {
    const seen: number[] = [];
    expect(() => readTranscript(bytesSource(enc(doc([ok, ok, { ...ok, at: 'yesterday' }]))), (_e, i) => seen.push(i))).toThrow(XiaoniuError);
    expect(seen).toEqual([0, 1]);
  });

  it('writes an event with its fields in one fixed order, auto only when true, paid always on an order', () => {
    expect(eventJson({ text: '在吗', buyer: 'b', type: 'buyer', at: 'T', auto: false, nickname: '小王' })).toBe('{"at":"T","type":"buyer","buyer":"b","nickname":"小王","text":"在吗"}');
    expect(eventJson({ at: 'T', type: 'agent', buyer: 'b', channel: 'simulator', text: 'x', auto: true })).toBe('{"at":"T","type":"agent","buyer":"b","channel":"simulator","text":"x","auto":true}');
    expect(eventJson({ at: 'T', type: 'order', buyer: 'b', amount: 19990 / 100 })).toBe('{"at":"T","type":"order","buyer":"b","amount":199.9,"paid":false}');
  });
});

describe('extra top-level fields (the rule tester’s settings)', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  const event = { at: '2026-03-01T10:00:00+08:00', type: 'buyer', buyer: 'A', text: '在吗' };
  const read = (text: string, keys: string[]) => {
    const seen: [string, unknown][] = [];
    const events: TranscriptEvent[] = [];
    const info = readTranscript(bytesSource(enc(text)), (e) => events.push(e), { keys, onValue: (k, v) => seen.push([k, v]) });
    return { seen, events, info };
  };

  it('hands the named fields to the caller, from a document (wherever they stand) and from a JSON Lines header', () => {
    const doc = read(JSON.stringify({ maxConcurrent: 3, timezone: 'Asia/Shanghai', events: [event], agent: { x: 1 } }), ['maxConcurrent', 'agent']);
    expect(doc.seen).toEqual([['maxConcurrent', 3], ['agent', { x: 1 }]]);
    expect(doc.events).toHaveLength(1);
    const lines = read(JSON.stringify({ timezone: 'Asia/Shanghai', shop: '小牛' }) + '\n' + JSON.stringify(event) + '\n', ['shop']);
    expect(lines.seen).toEqual([['shop', '小牛']]);
    expect(lines.info.format).toBe('jsonl');
  });

  it('still refuses a field nobody named', () => {
    expect(() => read(JSON.stringify({ timezone: 'Asia/Shanghai', maxConcurrent: 3, events: [] }), [])).toThrow(/history.unknownTopLevel/);
    expect(() => read(JSON.stringify({ timezone: 'Asia/Shanghai', colour: 1, events: [] }), ['maxConcurrent'])).toThrow(/history.unknownTopLevel/);
  });
});
