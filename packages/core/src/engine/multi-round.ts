import type { AuthInfo } from "../protocol/transport.js";
import { checkInputResponses } from "./input-responses.js";
import { InputRounds } from "./input-rounds.js";
import type { MethodHost } from "./method-host.js";
import { digestOf, type StateBinding } from "./request-state.js";
import type { MethodHandler, RequestCall } from "./session.js";

/** What identifies a request for its state: the tool or prompt name or the resource URI, and its arguments. */
type RequestTarget = (params: Record<string, unknown>) => { target: string; arguments: unknown };

/** The requests the spec lets answer `input_required`, and what identifies each for its state. */
const ROUND_METHODS: Record<string, RequestTarget> = {
  "tools/call": (params) => ({ target: String(params.name), arguments: params.arguments }),
  "prompts/get": (params) => ({ target: String(params.name), arguments: params.arguments }),
  "resources/read": (params) => ({ target: String(params.uri), arguments: undefined }),
};

/**
 * The 2025 method table with tools/call, prompts/get and resources/read served in multi
 * round-trip requests, for the 2026 table to be made from: a handler's asks become an
 * `input_required` result, and the client's retry (with `inputResponses` and the sealed
 * `requestState`) re-runs it with the answers. The 2025 table itself is left as it was.
 */
export function withInputRounds(
  server: MethodHost,
  methods: ReadonlyMap<string, MethodHandler>,
): Map<string, MethodHandler> {
  const wrapped = new Map(methods);
  for (const [method, targetOf] of Object.entries(ROUND_METHODS)) {
    const handler = methods.get(method);
    if (handler) {
      wrapped.set(method, (params, call) => serveRound(server, method, handler, targetOf, params, call));
    }
  }
  return wrapped;
}

async function serveRound(
  server: MethodHost,
  method: string,
  handler: MethodHandler,
  targetOf: RequestTarget,
  params: Record<string, unknown>,
  call: RequestCall,
): Promise<Record<string, unknown>> {
  const envelope = call.envelope;
  if (envelope === undefined) return handler(params, call);
  const started = performance.now();
  const { target, arguments: args } = targetOf(params);
  const responses = checkInputResponses(params.inputResponses);
  // Made only when a state is opened or sealed: a 2026 call that never asks hashes nothing.
  let binding: StateBinding | undefined;
  const bound = () => {
    binding ??= {
      principal: principalOf(call.extra?.authInfo),
      method,
      target,
      argumentsDigest: digestOf(args ?? {}),
    };
    return binding;
  };
  const previous =
    params.requestState === undefined ? undefined : server.requestState().open(params.requestState, bound());
  const rounds = new InputRounds(envelope, previous, responses, (contents) =>
    server.requestState().seal(bound(), contents),
  );
  call.inputRound = rounds;
  try {
    const result = await Promise.race([handler(params, call), rounds.outcome]);
    if (result.resultType === "input_required") {
      // The request log (a middleware inside) never sees this round end: its handler waits on.
      if (server.logger.enabled("info")) {
        const ms = Math.round((performance.now() - started) * 100) / 100;
        server.logger.request(method, { target }, ms, "input_required");
      }
    }
    return result;
  } finally {
    rounds.finish();
  }
}

/** Who a state belongs to: the verified client and, where the token names one, its subject. */
function principalOf(auth: AuthInfo | undefined): string | null {
  if (auth === undefined) return null;
  const subject = auth.extra?.sub;
  return typeof subject === "string" ? `${auth.clientId} ${subject}` : auth.clientId;
}
