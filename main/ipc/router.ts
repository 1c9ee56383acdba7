import { asXiaoniuError } from '../shared/errors';
import type { CallResult, Contract, Handlers } from './define';

/** Logs what must not be lost but must not reach the window (an internal error's stack). */
export type Logger = (message: string, error?: unknown) => void;

/** A call entry point: any method name and any argument, from any host. */
export type Router = (method: unknown, args: unknown) => Promise<CallResult<unknown>>;

/** Longest method name quoted back in `ipc.unknownMethod` (a name is a few dozen characters). */
const MAX_QUOTED_METHOD = 100;

/**
 * The method as quoted in an `ipc.unknownMethod` error, without running any of the caller's code:
 * `String(method)` would call a `toString`/`valueOf`/`Symbol.toPrimitive` the caller chose (and
 * throws for `{toString: 1}`, which JSON can send), so a non-string is named by its type only.
 */
function describeMethod(method: unknown): string {
  if (typeof method === 'string') return method.slice(0, MAX_QUOTED_METHOD);
  return method === null ? '(null)' : `(${typeof method})`;
}

/** One path segment of a schema issue; a symbol key (a proxy can have one) must not throw in join. */
const pathSegment = (key: PropertyKey): string => (typeof key === 'symbol' ? (key.description ?? 'symbol') : String(key));

/** A catalogue error key as a contract's refinement gives it in its message (`pack.tooLarge`). */
const RULE_CODE = /^[a-z]+\.[A-Za-z]+$/;

/**
 * Builds the one entry point every host uses (Electron IPC, the WebSocket bridge, tests). It checks
 * the method name against the contract, validates the argument with the method's schema, calls the
 * handler and maps errors to codes: `ipc.unknownMethod` {method}, `ipc.badArgument` {method, path,
 * issue}, the catalogue key a schema refinement gives as its message (`pack.tooLarge` from the
 * packs slice), a service's {@link XiaoniuError} code, or `internal` (logged, never crashes the
 * host).
 *
 * `ipc.badArgument`'s `path` is the first schema issue's (`tags.0`; `''` when the argument as a
 * whole is wrong) and `issue` zod's own description of it, cut to 200 characters. The catalogue
 * prints only the method and the path: zod's text is English whatever the agent's language, so it
 * travels with the answer for whoever debugs the caller (a script, the window's developer tools)
 * and never becomes part of the sentence an agent reads.
 *
 * The returned function never rejects and never throws, whatever `method` and `args` are: a
 * getter or proxy that throws while being validated, or an argument nested deeper than the
 * validator's stack, is `ipc.badArgument`. A host serves several windows and scripts at once, so
 * no caller's value may end it or leave a promise rejected where nobody listens (Node exits on
 * an unhandled rejection).
 */
export function createRouter<C extends Contract>(contract: C, handlers: Handlers<C>, log: Logger = () => {}): Router {
  const route: Router = async (method, args) => {
    if (typeof method !== 'string' || !Object.prototype.hasOwnProperty.call(contract, method)) {
      return { ok: false, error: { code: 'ipc.unknownMethod', params: { method: describeMethod(method) } } };
    }
    const spec = contract[method]!;
    let parsed: ReturnType<typeof spec.input.safeParse>;
    try {
      parsed = spec.input.safeParse(args);
    } catch (e) {
      // safeParse reports data that does not fit, but a throwing getter or proxy trap, or a stack
      // overflow on absurd nesting, escapes it. The argument is bad either way.
      const issue = isStackOverflow(e) ? 'too deeply nested' : 'unreadable value';
      return { ok: false, error: { code: 'ipc.badArgument', params: { method, path: '', issue } } };
    }
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      // A contract's own refinement names the rule it checks (`pack.tooLarge`): the agent reads that
      // rule's sentence, not a generic "invalid argument".
      if (issue?.code === 'custom' && RULE_CODE.test(issue.message)) return { ok: false, error: { code: issue.message, params: {} } };
      return {
        ok: false,
        error: {
          code: 'ipc.badArgument',
          params: { method, path: (issue?.path ?? []).map(pathSegment).join('.').slice(0, 200), issue: (issue?.message ?? '').slice(0, 200) },
        },
      };
    }
    try {
      const handler = handlers[method as keyof C] as (input: unknown) => unknown;
      const value = await handler(parsed.data);
      return { ok: true, value: value === undefined ? null : value };
    } catch (e) {
      const known = asXiaoniuError(e);
      if (known) return { ok: false, error: { code: known.code, params: known.params } };
      safeLog(log, `internal error in ${method}`, e);
      return { ok: false, error: { code: 'internal', params: { method } } };
    }
  };
  return async (method, args) => {
    try {
      return await route(method, args);
    } catch (e) {
      // Only a value built to throw from every trap gets here (e.g. a thrown proxy inspected by
      // asXiaoniuError); the caller still gets an answer.
      safeLog(log, 'router: unreadable call', e);
      return { ok: false, error: { code: 'internal', params: { method: describeMethod(method) } } };
    }
  };
}

/** `e instanceof RangeError`, false instead of throwing when `e` is a hostile proxy. */
function isStackOverflow(e: unknown): boolean {
  try {
    return e instanceof RangeError;
  } catch {
    return false;
  }
}

/** Logs without letting a hostile error value (a proxy whose traps throw) escape the logger. */
function safeLog(log: Logger, message: string, e: unknown): void {
  try {
    log(message, e);
  } catch {
    try {
      log(message);
    } catch {
      // Nothing left to report with.
    }
  }
}
