import { mayUse } from "../auth/component-scopes.js";
import type { AuthInfo } from "../protocol/transport.js";
import type { Prompt, Resource, ResourceTemplate, Tool } from "../protocol/types.js";
import type { ClientConnection } from "../server/client-connection.js";
import type { RegisteredPrompt } from "../server/prompts.js";
import type { RegisteredResource } from "../server/resources.js";
import type { RegisteredTool } from "../server/tools.js";
import type { MethodHost } from "./method-host.js";

/**
 * What one client may see of a server's components: the lists it is sent and the lookups its
 * calls, reads and gets go through, all judged by `Visibility.visible`; lists also leave out
 * what the caller's token lacks the scopes for (`auth`; calls to those are refused with the
 * step-up answer instead, by `requireScopes`). With no rule anywhere and no token the registry's
 * cached tool list is sent as it is.
 */
export function visibleTools(server: MethodHost, session: ClientConnection, auth?: AuthInfo): Tool[] {
  if (auth === undefined && server.visibility.unfiltered(session)) return server.registry.toolDefinitions();
  return server.registry
    .components()
    .tools.filter(
      (tool) =>
        tool.enabled && server.visibility.visible(tool.component, session) && mayUse(auth, tool.scopes),
    )
    .map((tool) => tool.definition);
}

/** The enabled tool of that name, unless it is hidden from this client. */
export function findTool(
  server: MethodHost,
  name: string,
  session: ClientConnection,
): RegisteredTool | undefined {
  const tool = server.registry.getTool(name);
  return tool?.enabled ? shown(server, tool, session) : undefined;
}

/** The prompt of that name, unless it is hidden from this client. */
export function findPrompt(server: MethodHost, name: string, session: ClientConnection) {
  return shown(server, server.registry.getPrompt(name), session);
}

/** The resource or template registered under this URI, unless it is hidden from this client. */
export function findResource(server: MethodHost, uri: string, session: ClientConnection) {
  return shown(server, server.registry.getResource(uri), session);
}

function shown<T extends RegisteredTool | RegisteredPrompt | RegisteredResource>(
  server: MethodHost,
  found: T | undefined,
  session: ClientConnection,
): T | undefined {
  return found && server.visibility.visible(found.component, session) ? found : undefined;
}

/** The resources and templates this client may see. */
export function visibleResources(
  server: MethodHost,
  session: ClientConnection,
  auth?: AuthInfo,
): RegisteredResource[] {
  const { resources } = server.registry.components();
  if (auth === undefined && server.visibility.unfiltered(session)) return resources;
  return resources.filter(
    (resource) =>
      server.visibility.visible(resource.component, session) && mayUse(auth, resource.options.scopes),
  );
}

/** The prompts this client may see, as `prompts/list` sends them. */
export function visiblePrompts(server: MethodHost, session: ClientConnection, auth?: AuthInfo): Prompt[] {
  return server.registry
    .components()
    .prompts.filter(
      (prompt) => server.visibility.visible(prompt.component, session) && mayUse(auth, prompt.options.scopes),
    )
    .map((prompt) => prompt.definition);
}

/** The template list of `resources/templates/list`. */
export function visibleTemplates(
  server: MethodHost,
  session: ClientConnection,
  auth?: AuthInfo,
): ResourceTemplate[] {
  return visibleResources(server, session, auth)
    .filter((resource) => resource.isTemplate)
    .map((resource) => resource.asTemplate());
}

/** `resources/list`: the static resources, and what each template's `list` says it serves. */
export async function listResources(
  server: MethodHost,
  session: ClientConnection,
  auth?: AuthInfo,
): Promise<Resource[]> {
  const listed: Resource[] = [];
  for (const resource of visibleResources(server, session, auth)) {
    if (!resource.isTemplate) listed.push(resource.asResource());
    else if (resource.options.list) listed.push(...(await resource.options.list()));
  }
  return listed;
}
