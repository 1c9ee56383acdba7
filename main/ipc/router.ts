import { asXiaoniuError } from '../shared/errors';
import type { CallResult, Contract, Handlers } from './define';

/** Logs what must not be lost but must not reach the window (an internal error's stack). */
export type Logger = (message: string, error?: unknown) => void;

/** A call entry point: any method name and any argument, from any host. */
export type Router = (method: unknown, args: unknown) => Promise<CallResult<unknown>>;

/**
 * Builds the one entry point every host uses (Electron IPC, the WebSocket bridge, tests). It checks
 * the method name against the contract, validates the argument with the method's schema, calls the
 * handler and maps errors to codes: `ipc.unknownMethod`, `ipc.badArgument` (with the first issue's
 * path), a service's {@link XiaoniuError} code, or `internal` (logged, never crashes the host).
 */
export function createRouter<C extends Contract>(contract: C, handlers: Handlers<C>, log: Logger = () => {}): Router {
  return async (method, args) => {
    if (typeof method !== 'string' || !Object.prototype.hasOwnProperty.call(contract, method)) {
      return { ok: false, error: { code: 'ipc.unknownMethod', params: { method: String(method).slice(0, 100) } } };
    }
    const spec = contract[method]!;
    const parsed = spec.input.safeParse(args);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        ok: false,
        error: {
          code: 'ipc.badArgument',
          params: { method, path: issue?.path.join('.') ?? '', issue: (issue?.message ?? '').slice(0, 200) },
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
      log(`internal error in ${method}`, e);
      return { ok: false, error: { code: 'internal', params: { method } } };
    }
  };
}
