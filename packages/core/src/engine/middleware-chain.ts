import {
  CALL,
  type Middleware,
  type MiddlewareNotification,
  type MiddlewareRequest,
  OPERATION_HOOKS,
} from "../middleware/middleware.js";
import type { Context } from "../server/context.js";
import type { MethodHandler, RequestCall } from "./session.js";

type Result = Record<string, unknown>;
type Step = (request: MiddlewareRequest) => Promise<Result>;
type AnyHook = (request: MiddlewareRequest, next: Step) => Promise<Result>;

/** The hooks that run for `method`, outermost first: each middleware's `onRequest`, then its operation hook. */
function hooksFor(method: string, chain: readonly Middleware[]): AnyHook[] {
  const operation = OPERATION_HOOKS[method as keyof typeof OPERATION_HOOKS] as keyof Middleware | undefined;
  const hooks: AnyHook[] = [];
  for (const middleware of chain) {
    if (middleware.onRequest) hooks.push(middleware.onRequest.bind(middleware) as AnyHook);
    const hook = operation === undefined ? undefined : middleware[operation];
    if (typeof hook === "function") hooks.push(hook.bind(middleware) as AnyHook);
  }
  return hooks;
}

/**
 * The chain for one method as a single function, built once when middleware is added, so a
 * request allocates only its request object. Undefined when no hook applies: the method then
 * runs its handler directly, and a server without middleware pays nothing for the chain.
 */
export function composeSteps(
  method: string,
  chain: readonly Middleware[],
  base: MethodHandler,
): Step | undefined {
  const hooks = hooksFor(method, chain);
  if (hooks.length === 0) return undefined;
  let next: Step = async (request) => base(request.params, request[CALL] as RequestCall, request.context);
  for (let index = hooks.length - 1; index >= 0; index--) {
    const hook = hooks[index] as AnyHook;
    const inner = next;
    next = (request) => hook(request, inner);
  }
  return next;
}

/** `base` with the chain around it, as the session calls it. */
export function chainMethod(
  method: string,
  chain: readonly Middleware[],
  base: MethodHandler,
  createContext: (call: RequestCall) => Context,
): MethodHandler {
  const first = composeSteps(method, chain, base);
  if (first === undefined) return base;
  return (params, call, context) =>
    first({ method, params, context: context ?? createContext(call), [CALL]: call });
}

/** Client notifications through every `onNotification` hook, or undefined when there is none. */
export function chainNotification(
  chain: readonly Middleware[],
  base: (notification: MiddlewareNotification) => void,
): ((notification: MiddlewareNotification) => Promise<void>) | undefined {
  const hooks = chain.filter((middleware) => middleware.onNotification !== undefined);
  if (hooks.length === 0) return undefined;
  let next = async (notification: MiddlewareNotification) => base(notification);
  for (let index = hooks.length - 1; index >= 0; index--) {
    const middleware = hooks[index] as Middleware;
    const inner = next;
    next = (notification) =>
      (middleware.onNotification as NonNullable<Middleware["onNotification"]>).call(
        middleware,
        notification,
        inner,
      );
  }
  return next;
}
