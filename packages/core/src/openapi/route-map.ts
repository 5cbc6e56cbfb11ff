import type { HttpMethod, OpenAPIOperation } from "./operations.js";

/** What an operation becomes on the server. */
export type RouteType = "tool" | "resource" | "resource_template" | "exclude";

/**
 * Selects operations. Every field given must match: `operationId` exactly, any of `tags`, `path`
 * (the document's path template, exactly or by RegExp) and any of `methods`.
 *
 * @example
 * { tags: ["admin"] }                       // every admin operation
 * { path: /^\/pets/, methods: ["DELETE"] }  // deleting anything under /pets
 */
export interface OperationMatcher {
  operationId?: string | undefined;
  tags?: string[] | undefined;
  path?: string | RegExp | undefined;
  methods?: Array<HttpMethod | Lowercase<HttpMethod>> | undefined;
}

/** One rule of a route map: operations it matches become `type`. The first matching rule wins. */
export interface RouteRule extends OperationMatcher {
  type: RouteType;
}

export function matches(matcher: OperationMatcher, operation: OpenAPIOperation): boolean {
  if (matcher.operationId !== undefined && matcher.operationId !== operation.operationId) return false;
  if (matcher.tags !== undefined && !matcher.tags.some((tag) => operation.tags.includes(tag))) return false;
  if (
    matcher.methods !== undefined &&
    !matcher.methods.some((method) => method.toUpperCase() === operation.method)
  ) {
    return false;
  }
  if (matcher.path instanceof RegExp) return matcher.path.test(operation.path);
  return matcher.path === undefined || matcher.path === operation.path;
}

/**
 * The route for an operation: the first matching rule, else FastMCP's default (a GET is a resource,
 * or a resource template when its path has parameters, unless it needs query parameters a URI cannot
 * carry; everything else is a tool). "resource" and "resource_template" follow the path's parameters.
 */
export function routeFor(operation: OpenAPIOperation, rules: RouteRule[] = []): RouteType {
  const chosen = rules.find((rule) => matches(rule, operation))?.type ?? defaultRoute(operation);
  if (chosen === "tool" || chosen === "exclude") return chosen;
  return operation.parameters.some((parameter) => parameter.in === "path") ? "resource_template" : "resource";
}

function defaultRoute(operation: OpenAPIOperation): RouteType {
  if (operation.method !== "GET") return "tool";
  const needsMore = operation.parameters.some((parameter) => parameter.required && parameter.in !== "path");
  return needsMore ? "tool" : "resource";
}
