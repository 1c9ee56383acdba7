import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { XiaoniuError } from '../../shared/errors';

/**
 * Buyer scripts (glossary `buyerScript`): one JSON file per simulated buyer in `fixtures/buyers/`,
 * read and checked here. The format is documented in docs/channels.md "Buyer scripts"; this
 * schema is its definition. Times in a script are seconds of script time (divided by the speed
 * factor when run); amounts are yuan with at most two decimals.
 */

/** Seconds, or a [min, max] range drawn from the seeded generator. */
const seconds = z.union([z.number().min(0).max(86_400), z.tuple([z.number().min(0).max(86_400), z.number().min(0).max(86_400)])]);
const text = z.string().min(1).max(2000);
const yuan = z
  .number()
  .min(0)
  .max(10_000_000)
  .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, { message: 'at most two decimals (fen)' });

const step = z.union([
  z.strictObject({ say: text, after: seconds.optional(), automatic: z.boolean().optional() }),
  z.strictObject({ wait: z.number().positive().max(86_400), orElse: z.enum(['continue', 'leave']).optional() }),
  z.strictObject({ order: yuan, after: seconds.optional() }),
  z.strictObject({ pay: yuan, after: seconds.optional() }),
  z.strictObject({
    replyToEach: z.strictObject({ texts: z.array(text).min(1).max(100), within: z.number().positive().max(600), for: z.number().positive().max(86_400) }),
    after: seconds.optional(),
  }),
]);

const scriptSchema = z.strictObject({
  nickname: z.string().min(1).max(64),
  /** What this buyer is for, for whoever edits the fixtures; not shown. */
  about: z.string().max(500).optional(),
  steps: z.array(step).min(1).max(500),
});

/** One step of a script (see docs/channels.md "Buyer scripts"). */
export type ScriptStep = z.infer<typeof step>;

/** A checked buyer script. */
export interface BuyerScript {
  /** The file's name without `.json`: the simulated buyer's id is `sim-<id>`. */
  id: string;
  nickname: string;
  steps: ScriptStep[];
}

/** Script ids: what a file name may be (they become buyer ids and log words). */
const ID = /^[a-z0-9][a-z0-9-]{0,47}$/;

/**
 * Reads and checks one script. Throws `simulator.badScript` {file, where}: `where` the JSON path of
 * the first problem (`steps[3].after`; empty for the whole file). The parser's or zod's own
 * description (English) is the error's `cause`, for logs — never part of the sentence.
 */
export function parseBuyerScript(file: string, json: string): BuyerScript {
  const id = path.basename(file, '.json');
  if (!ID.test(id)) throw new XiaoniuError('simulator.badScript', { file, where: '' }, { cause: new Error('file name: a-z, 0-9 and -') });
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    throw new XiaoniuError('simulator.badScript', { file, where: '' }, { cause: e });
  }
  const r = scriptSchema.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const where = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    throw new XiaoniuError('simulator.badScript', { file, where }, { cause: new Error(issue.message) });
  }
  for (const [i, s] of r.data.steps.entries()) {
    const after = 'after' in s ? s.after : undefined;
    if (Array.isArray(after) && after[0] > after[1]) throw new XiaoniuError('simulator.badScript', { file, where: `steps[${i}].after` }, { cause: new Error('min > max') });
  }
  return { id, nickname: r.data.nickname, steps: r.data.steps };
}

/** Every `*.json` script in `dir`, by file name. Throws `simulator.badScript` for the first bad one, `simulator.noScripts` {dir} for none. */
export function loadBuyerScripts(dir: string): BuyerScript[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch {
    throw new XiaoniuError('simulator.noScripts', { dir });
  }
  if (!names.length) throw new XiaoniuError('simulator.noScripts', { dir });
  return names.map((n) => parseBuyerScript(path.join(dir, n), fs.readFileSync(path.join(dir, n), 'utf8')));
}

/**
 * The shipped scripts' folder, `fixtures/buyers`, found by walking up from `from` (this file sits
 * in `main/channels/simulator/` or `dist/main/channels/simulator/`). Throws `simulator.noScripts`.
 */
export function shippedScriptsDir(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'fixtures', 'buyers');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new XiaoniuError('simulator.noScripts', { dir: path.join(from, 'fixtures', 'buyers') });
  }
}
