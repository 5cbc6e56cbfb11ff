import type { Engine } from "./engine.js";

/**
 * The key under which a public server object (a `FastMCP`) holds its engine. A symbol, not a
 * named property, so that the engine stays off the facade's public surface while front ends
 * (HTTP, stdio) and the in-process `Client` can still reach it without importing the facade.
 */
export const ENGINE: unique symbol = Symbol("mcpkit.engine");

/** Anything with an engine to serve: a `FastMCP`. */
export interface Servable {
  readonly [ENGINE]: Engine;
}

export function isServable(value: unknown): value is Servable {
  return typeof value === "object" && value !== null && ENGINE in value;
}
