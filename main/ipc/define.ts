import type { z } from 'zod';

/**
 * How a contract slice declares one method: the run-time schema of its argument (checked in main
 * for every call, whatever the host) and, as a phantom type, its result. Written once and used by
 * main, preload, the browser bridge and the renderer (the Actual Budget / Signal pattern).
 */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O = unknown> {
  input: I;
  /** Never set at run time; carries the result type for the compiler. */
  readonly __output?: O;
}

/** Declares a method: `method(schema).returns<Result>()`. */
export function method<I extends z.ZodType>(input: I): { returns<O>(): MethodSpec<I, O> } {
  return { returns: <O>() => ({ input }) as MethodSpec<I, O> };
}

/** The argument type of a method (what the schema accepts after parsing). */
export type Input<M> = M extends MethodSpec<infer I, unknown> ? z.output<I> : never;
/** The result type of a method. */
export type Output<M> = M extends MethodSpec<z.ZodType, infer O> ? O : never;

/** A map of method name → spec. */
export type Contract = Record<string, MethodSpec>;

/** Main's side: one handler per method, taking the validated argument. */
export type Handlers<C extends Contract> = {
  [K in keyof C]: (input: Input<C[K]>) => Output<C[K]> | Promise<Output<C[K]>>;
};

/** An error as it crosses a boundary: a catalogue key (`errors.<code>`) and its parameters. */
export interface WireError {
  code: string;
  params: Record<string, string | number>;
}

/** The answer to one call: a value or a typed error, never a thrown exception across the wire. */
export type CallResult<O> = { ok: true; value: O } | { ok: false; error: WireError };
