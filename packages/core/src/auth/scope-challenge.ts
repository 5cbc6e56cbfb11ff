import type { Registry } from "../engine/registry.js";
import type { JsonRpcMessage } from "../protocol/messages.js";
import type { AuthInfo } from "../protocol/transport.js";
import { missingScopes } from "./scopes.js";

/**
 * The scopes to name in a 403 step-up challenge when a POST asks for components the caller's
 * token lacks scopes for: every scope those operations require, in one challenge (the spec asks
 * servers not to challenge one scope at a time). Undefined when the POST may go ahead.
 * Checked before anything is dispatched, so that the answer can still be an HTTP status.
 */
export function scopeChallenge(
  registry: Registry,
  messages: readonly JsonRpcMessage[],
  auth: AuthInfo | undefined,
): string[] | undefined {
  if (auth === undefined) return undefined;
  let required: Set<string> | undefined;
  let lacking = false;
  for (const message of messages) {
    if (!("method" in message) || !("id" in message)) continue;
    const scopes = requiredFor(registry, message.method, message.params);
    if (!scopes) continue;
    required ??= new Set();
    for (const scope of scopes) required.add(scope);
    if (missingScopes(auth.scopes, scopes).length > 0) lacking = true;
  }
  return lacking && required ? [...required] : undefined;
}

function requiredFor(
  registry: Registry,
  method: string,
  params: Record<string, unknown> | undefined,
): readonly string[] | undefined {
  const name = params?.name;
  const uri = params?.uri;
  if (method === "tools/call" && typeof name === "string") return registry.getTool(name)?.scopes;
  if (method === "prompts/get" && typeof name === "string") return registry.getPrompt(name)?.options.scopes;
  if (method !== "resources/read" || typeof uri !== "string") return undefined;
  const exact = registry.getResource(uri);
  if (exact && !exact.isTemplate) return exact.options.scopes;
  for (const resource of registry.components().resources) {
    if (resource.isTemplate && resource.match(uri)) return resource.options.scopes;
  }
  return undefined;
}
