import type { ClientConnection } from "./client-connection.js";
import type { Component, ComponentKind } from "./tags.js";

/**
 * Which components a visibility change applies to: those with one of `names` (a tool's or
 * prompt's name, a resource's URI, a template's URI template, as the client sees them) or one
 * of `tags`, limited to `kinds` when given. With neither names nor tags, every component of
 * those kinds: `disable({})` hides everything, and a later `enable({ tags: ["public"] })`
 * brings back only what is tagged public.
 *
 * @example
 * mcp.disable({ tags: ["admin"] });
 * mcp.enable({ names: ["get_forecast"], kinds: ["tool"] });
 */
export interface ComponentFilter {
  names?: readonly string[];
  tags?: readonly string[];
  kinds?: readonly ComponentKind[];
}

/** The list a change belongs to, as the notification that announces it. */
export type ListChanged =
  | "notifications/tools/list_changed"
  | "notifications/resources/list_changed"
  | "notifications/prompts/list_changed";

const LIST_OF: Record<ComponentKind, ListChanged> = {
  tool: "notifications/tools/list_changed",
  resource: "notifications/resources/list_changed",
  template: "notifications/resources/list_changed",
  prompt: "notifications/prompts/list_changed",
};

interface Rule {
  readonly show: boolean;
  readonly names: ReadonlySet<string> | undefined;
  readonly tags: ReadonlySet<string> | undefined;
  readonly kinds: ReadonlySet<ComponentKind> | undefined;
}

/** Show and hide rules in the order they were made: the last one that matches decides. */
export class VisibilityRules {
  private readonly rules: Rule[] = [];

  get empty(): boolean {
    return this.rules.length === 0;
  }

  /** Adds a rule; returns the lists whose contents it may change. */
  add(show: boolean, filter: ComponentFilter): ListChanged[] {
    const rule: Rule = {
      show,
      names: filter.names && new Set(filter.names),
      tags: filter.tags && new Set(filter.tags),
      kinds: filter.kinds && new Set(filter.kinds),
    };
    this.rules.push(rule);
    const kinds = filter.kinds ?? (Object.keys(LIST_OF) as ComponentKind[]);
    return [...new Set(kinds.map((kind) => LIST_OF[kind]))];
  }

  /** Forgets every rule; returns the lists that may change. */
  clear(): ListChanged[] {
    if (this.rules.length === 0) return [];
    this.rules.length = 0;
    return [...new Set(Object.values(LIST_OF))];
  }

  /** Whether the component is shown, given whether it was shown before these rules. */
  decide(component: Component, shown: boolean): boolean {
    for (let index = this.rules.length - 1; index >= 0; index--) {
      const rule = this.rules[index] as Rule;
      if (matches(rule, component)) return rule.show;
    }
    return shown;
  }
}

function matches(rule: Rule, component: Component): boolean {
  if (rule.kinds && !rule.kinds.has(component.kind)) return false;
  if (!rule.names && !rule.tags) return true;
  if (rule.names?.has(component.key)) return true;
  if (rule.tags) for (const tag of component.tags) if (rule.tags.has(tag)) return true;
  return false;
}

/** The server-wide tag filter, from `FastMCPOptions`. */
export interface TagFilter {
  /** Only components with at least one of these tags are served. */
  includeTags?: readonly string[];
  /** Components with any of these tags are never served. */
  excludeTags?: readonly string[];
}

/** Each session's own rules (`ctx.hide`, `ctx.show`), kept with the connection they belong to. */
const sessionViews = new WeakMap<ClientConnection, VisibilityRules>();

/** The rules of one client's session view, made on first use. */
export function sessionView(session: ClientConnection): VisibilityRules {
  let view = sessionViews.get(session);
  if (!view) {
    view = new VisibilityRules();
    sessionViews.set(session, view);
  }
  return view;
}

/**
 * What a server shows: its fixed tag filter (`includeTags`, `excludeTags`), then its run-time
 * rules (`enable`, `disable`), then the session's own (`ctx.show`, `ctx.hide`). `visible` is the
 * one place a component is judged shown or hidden for a client: lists leave out what it
 * refuses, and calls, reads and gets answer as for an unknown name.
 */
export class Visibility {
  /** The server-wide rules of `enable` and `disable`. */
  readonly rules = new VisibilityRules();
  private readonly include: ReadonlySet<string> | undefined;
  private readonly exclude: ReadonlySet<string> | undefined;

  constructor(filter: TagFilter = {}) {
    this.include = filter.includeTags && new Set(filter.includeTags);
    this.exclude = filter.excludeTags && new Set(filter.excludeTags);
  }

  /** Whether `component` is shown to `session` (undefined: server-wide, before any session's view). */
  visible(component: Component, session?: ClientConnection): boolean {
    if (!this.passesTagFilter(component)) return false;
    const shown = this.rules.decide(component, true);
    const view = session && sessionViews.get(session);
    return view ? view.decide(component, shown) : shown;
  }

  /** True when nothing can hide anything from this session: lists may be served as registered. */
  unfiltered(session?: ClientConnection): boolean {
    if (this.include || this.exclude || !this.rules.empty) return false;
    const view = session && sessionViews.get(session);
    return view === undefined || view.empty;
  }

  private passesTagFilter(component: Component): boolean {
    if (this.exclude) for (const tag of component.tags) if (this.exclude.has(tag)) return false;
    if (!this.include) return true;
    for (const tag of component.tags) if (this.include.has(tag)) return true;
    return false;
  }
}
