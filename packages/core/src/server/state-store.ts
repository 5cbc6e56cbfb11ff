import { ToolError } from "../errors.js";
import type { KeyValueStore } from "../store/store.js";

/** Limits of `ctx.state`, given as `FastMCPOptions.state`. */
export interface StateOptions {
  /** How long a value lives after it was last set; defaults to one day. */
  ttlMs?: number;
  /** Largest value accepted, as JSON in UTF-8 bytes; defaults to 64 KiB. */
  maxValueBytes?: number;
  /** Keys one session or principal may hold in this process; defaults to 1000. */
  maxKeys?: number;
}

const DEFAULTS = { ttlMs: 24 * 60 * 60_000, maxValueBytes: 64 * 1024, maxKeys: 1000 };

/**
 * A server's session state on a `KeyValueStore`: values as JSON under
 * `mcpkit:state:<server>:<scope>:<key>`, so servers and scopes sharing one store never collide.
 * It remembers which keys each scope set here, to hold `maxKeys` and to delete a session's
 * values when it closes (a principal's outlive its sessions, until their time to live).
 */
export class StateStore {
  private readonly limits: Required<StateOptions>;
  private readonly keys = new Map<string, Set<string>>();

  constructor(
    private readonly store: KeyValueStore,
    private readonly serverName: string,
    options: StateOptions = {},
  ) {
    this.limits = { ...DEFAULTS, ...options };
  }

  async get(scope: string, key: string): Promise<unknown> {
    const text = await this.store.get(this.storeKey(scope, key));
    if (text !== undefined) return JSON.parse(text);
    this.keys.get(scope)?.delete(key); // expired: no longer counts against maxKeys
    return undefined;
  }

  async set(scope: string, key: string, value: unknown, ttlMs = this.limits.ttlMs): Promise<void> {
    if (value === undefined)
      throw new TypeError(`ctx.state.set("${key}") needs a value; use delete to remove one`);
    let text: string;
    try {
      text = JSON.stringify(value);
    } catch (error) {
      throw new TypeError(`ctx.state.set("${key}") takes JSON values: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (text === undefined)
      throw new TypeError(`ctx.state.set("${key}") takes JSON values, not a ${typeof value}`);
    const bytes = Buffer.byteLength(text);
    if (bytes > this.limits.maxValueBytes) {
      throw new ToolError(
        `The value for "${key}" is ${bytes} bytes as JSON, over this server's limit of ${this.limits.maxValueBytes} bytes per state value.`,
      );
    }
    let keys = this.keys.get(scope);
    if (!keys?.has(key) && (keys?.size ?? 0) >= this.limits.maxKeys) {
      throw new ToolError(
        `This session already holds ${this.limits.maxKeys} state values, this server's limit; delete one first.`,
      );
    }
    await this.store.set(this.storeKey(scope, key), text, { ttlMs });
    if (!keys) {
      keys = new Set();
      this.keys.set(scope, keys);
    }
    keys.add(key);
  }

  async delete(scope: string, key: string): Promise<boolean> {
    this.keys.get(scope)?.delete(key);
    return this.store.delete(this.storeKey(scope, key));
  }

  /** Deletes every value a closed session set here. */
  async clear(scope: string): Promise<void> {
    const keys = this.keys.get(scope);
    if (!keys) return;
    this.keys.delete(scope);
    await Promise.all([...keys].map((key) => this.store.delete(this.storeKey(scope, key))));
  }

  private storeKey(scope: string, key: string): string {
    return `mcpkit:state:${this.serverName}:${scope}:${key}`;
  }
}

/**
 * A handler's view of its session's state (`ctx.state`): JSON values under string keys, kept
 * for the session (or for the authenticated principal) across calls.
 *
 * @example
 * const visits = ((await ctx.state.get<number>("visits")) ?? 0) + 1;
 * await ctx.state.set("visits", visits, { ttlMs: 60 * 60_000 });
 */
export class SessionState {
  constructor(
    private readonly store: StateStore,
    private readonly scope: () => string,
  ) {}

  /** The value under `key`, or undefined when none was set (or it expired). */
  get<T = unknown>(key: string): Promise<T | undefined> {
    return this.store.get(this.scope(), key) as Promise<T | undefined>;
  }

  /** Stores a JSON value; `ttlMs` overrides the server's `state.ttlMs` for this value. */
  set(key: string, value: unknown, options: { ttlMs?: number } = {}): Promise<void> {
    return this.store.set(this.scope(), key, value, options.ttlMs);
  }

  /** Removes the value; whether there was one. */
  delete(key: string): Promise<boolean> {
    return this.store.delete(this.scope(), key);
  }
}
