/**
 * The API map, derived from the functions themselves: for every function and action, what its
 * payload may be (the zod schema's input) and what it answers (its `run` result). Type-only: the
 * front end's `callCloud` is typed by it, and nothing of the server reaches the bundle.
 */
import type { z } from 'zod';
import type { typedFunctions } from '../registry';
import type { ActionDef } from '../runtime/router';

type Functions = typeof typedFunctions;

type Entry<D> = D extends ActionDef<infer S, infer R> ? { input: z.input<S>; result: Awaited<R> } : never;

export type ApiMap = { [F in keyof Functions]: { [A in keyof Functions[F]['actions']]: Entry<Functions[F]['actions'][A]> } };

export type FunctionName = keyof ApiMap;
export type ActionName<F extends FunctionName> = keyof ApiMap[F] & string;
export type ApiInput<F extends FunctionName, A extends ActionName<F>> = ApiMap[F][A] extends { input: infer I } ? I : never;
export type ApiResult<F extends FunctionName, A extends ActionName<F>> = ApiMap[F][A] extends { result: infer R } ? R : never;
