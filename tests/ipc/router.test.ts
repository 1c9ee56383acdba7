import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { method } from '../../main/ipc/define';
import { createRouter } from '../../main/ipc/router';
import { exceedsJsonDepth } from '../../main/ipc/wire';
import { XiaoniuError } from '../../main/shared/errors';
import { translate } from '../../main/i18n';

/**
 * The router as every host calls it, with values no JSON or structured clone can carry (getters,
 * proxies, symbols) as well as those they can: whatever comes in, a typed answer comes out and
 * nothing is thrown or rejected — an unhandled rejection would end the host process.
 */
const contract = {
  'demo.echo': method(z.object({ text: z.string(), tags: z.array(z.string()).optional() })).returns<string>(),
  'demo.fail': method(z.object({})).returns<null>(),
};
const logged: string[] = [];
const route = createRouter(
  contract,
  {
    'demo.echo': ({ text }) => text,
    'demo.fail': () => {
      throw new Error('boom');
    },
  },
  (message) => logged.push(message),
);

const throwingEverywhere = new Proxy(
  {},
  {
    get() {
      throw new Error('get trap');
    },
    has() {
      throw new Error('has trap');
    },
    ownKeys() {
      throw new Error('ownKeys trap');
    },
    getOwnPropertyDescriptor() {
      throw new Error('descriptor trap');
    },
    getPrototypeOf() {
      throw new Error('prototype trap');
    },
  },
);

describe('router: hostile method values', () => {
  const hostile: [string, unknown][] = [
    ['an object whose toString is not a function', { toString: 'x' }],
    ['an object whose toString and valueOf are not functions', { toString: 1, valueOf: 2 }],
    ['an object whose toString throws', { toString: () => { throw new Error('no'); } }],
    ['an object with Symbol.toPrimitive that throws', { [Symbol.toPrimitive]: () => { throw new Error('no'); } }],
    ['a proxy that throws from every trap', throwingEverywhere],
    ['a symbol', Symbol('demo.echo')],
    ['a function', () => 'demo.echo'],
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['a bigint', 10n],
    ['an array', ['demo.echo']],
    ['a String object', new String('demo.echo')],
  ];
  for (const [name, value] of hostile) {
    it(`${name} → ipc.unknownMethod naming only its type`, async () => {
      const result = await route(value, { text: 'hi' });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('ipc.unknownMethod');
      expect(result.error.params.method).toMatch(/^\((object|symbol|function|null|undefined|number|bigint)\)$/);
    });
  }

  it('names a string method, cut to 100 characters; inherited names are unknown', async () => {
    expect(await route('x'.repeat(5000), {})).toEqual({ ok: false, error: { code: 'ipc.unknownMethod', params: { method: 'x'.repeat(100) } } });
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect((await route(name, {})).ok).toBe(false);
    }
  });
});

describe('router: hostile argument values', () => {
  it('a getter that throws → ipc.badArgument', async () => {
    const args = {
      get text(): string {
        throw new Error('getter');
      },
    };
    expect(await route('demo.echo', args)).toEqual({ ok: false, error: { code: 'ipc.badArgument', params: { method: 'demo.echo', path: '', issue: 'unreadable value' } } });
  });

  it('a proxy that throws from every trap → ipc.badArgument', async () => {
    const result = await route('demo.echo', throwingEverywhere);
    expect(result).toMatchObject({ ok: false, error: { code: 'ipc.badArgument' } });
  });

  it('a getter that answers differently each time: the handler sees the value that was validated', async () => {
    let reads = 0;
    const args = {
      get text(): unknown {
        return reads++ === 0 ? 'checked' : { not: 'a string' };
      },
    };
    expect(await route('demo.echo', args)).toEqual({ ok: true, value: 'checked' });
  });

  it('an array nested 100,000 deep → ipc.badArgument, not a stack overflow', async () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const result = await route('demo.echo', { text: 'x', tags: deep });
    expect(result).toMatchObject({ ok: false, error: { code: 'ipc.badArgument', params: { method: 'demo.echo' } } });
  });

  it('a symbol-keyed or odd path in the issue is quoted without throwing', async () => {
    const result = await route('demo.echo', { text: 'x', tags: [1] });
    expect(result).toEqual({ ok: false, error: { code: 'ipc.badArgument', params: { method: 'demo.echo', path: 'tags.0', issue: expect.any(String) } } });
  });

  it('reads in one language: the sentence names the method and the argument path, zod’s English stays a parameter', async () => {
    const wrongType = await route('demo.echo', { text: 5 });
    expect(wrongType).toEqual({ ok: false, error: { code: 'ipc.badArgument', params: { method: 'demo.echo', path: 'text', issue: expect.any(String) } } });
    const whole = await route('demo.echo', null);
    expect(whole).toEqual({ ok: false, error: { code: 'ipc.badArgument', params: { method: 'demo.echo', path: '', issue: expect.any(String) } } });
    if (wrongType.ok || whole.ok) return;
    // The renderer's errorText and the CLI translate an error exactly so.
    expect(translate('zh-CN', 'errors.ipc.badArgument', wrongType.error.params)).toBe('参数不正确：demo.echo(text)。');
    expect(translate('en', 'errors.ipc.badArgument', wrongType.error.params)).toBe('Invalid argument: demo.echo(text).');
    expect(translate('zh-CN', 'errors.ipc.badArgument', whole.error.params)).toBe('参数不正确：demo.echo()。');
    for (const params of [wrongType.error.params, whole.error.params]) {
      // zod's text is English (“Invalid input: expected string, received number”): never in the sentence.
      expect(String(params.issue)).toMatch(/[A-Za-z]{3}/);
      for (const locale of ['zh-CN', 'en'] as const) expect(translate(locale, 'errors.ipc.badArgument', params)).not.toContain(String(params.issue));
    }
  });

  it('a handler that throws a plain error → internal, logged; a XiaoniuError keeps its code', async () => {
    expect(await route('demo.fail', {})).toEqual({ ok: false, error: { code: 'internal', params: { method: 'demo.fail' } } });
    expect(logged).toContain('internal error in demo.fail');
    const typed = createRouter(contract, {
      'demo.echo': () => {
        throw new XiaoniuError('phrase.notFound');
      },
      'demo.fail': () => null,
    });
    expect(await typed('demo.echo', { text: 'x' })).toEqual({ ok: false, error: { code: 'phrase.notFound', params: {} } });
  });

  it('a handler that throws a hostile proxy, and a logger that throws: still an answer', async () => {
    const nasty = createRouter(
      contract,
      {
        'demo.echo': () => {
          throw throwingEverywhere;
        },
        'demo.fail': () => null,
      },
      () => {
        throw new Error('logger down');
      },
    );
    expect(await nasty('demo.echo', { text: 'x' })).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

describe('exceedsJsonDepth', () => {
  it('counts nesting outside strings only', () => {
    expect(exceedsJsonDepth('{"a":[1,{"b":[]}]}', 4)).toBe(false);
    expect(exceedsJsonDepth('{"a":[1,{"b":[]}]}', 3)).toBe(true);
    expect(exceedsJsonDepth('{"a":"[[[[[[[[[[[[[["}', 1)).toBe(false);
    // Escaped quotes do not end a string; an escaped backslash before a quote does.
    expect(exceedsJsonDepth('{"a":"\\"[[[[[[[\\\\"}', 1)).toBe(false);
    expect(exceedsJsonDepth('{"a":"\\\\","b":[[[[]]]]}', 3)).toBe(true);
    expect(exceedsJsonDepth('[[[' + '"unterminated', 5)).toBe(false);
  });

  it('answers for 40 million levels at once (JSON.parse took 35 s and 5 GB): it stops at the limit', () => {
    const text = '['.repeat(40_000_000);
    const started = performance.now();
    expect(exceedsJsonDepth(text, 32)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('skips a 64 MB string in one jump', () => {
    const text = `{"id":1,"args":{"bytes":{"$bytes":"${'A'.repeat(64 * 1024 * 1024)}"}}}`;
    const started = performance.now();
    expect(exceedsJsonDepth(text, 32)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('router: a contract rule named by its refinement', () => {
  it('answers a pack over 64 MB with pack.tooLarge, which the catalogue turns into a sentence', async () => {
    const { contract: app } = await import('../../main/ipc/contract');
    const packs = createRouter(app, {} as never);
    const big = new Uint8Array(64 * 1024 * 1024 + 1);
    const answer = await packs('packs.preview', { bytes: big });
    expect(answer).toEqual({ ok: false, error: { code: 'pack.tooLarge', params: {} } });
    expect(translate('zh-CN', 'errors.pack.tooLarge')).toBe('文件太大（最多 64 MB）。');
    // Zod's own English text never becomes the code.
    expect(await route('demo.echo', { text: 1 })).toMatchObject({ ok: false, error: { code: 'ipc.badArgument' } });
  });
});
