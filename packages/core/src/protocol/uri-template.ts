/**
 * The part of RFC 6570 that resource URIs use: `{name}` (one segment), `{+name}` and `{#name}`
 * (reserved expansion, may span `/`), `{/name}` (path segment) and `{?a,b}` / `{&a}` (query).
 * Compiled once; `match` turns a concrete URI back into its variables.
 */

/** Variable names of a template string at the type level: `"file://{+path}"` -> `"path"`. */
export type TemplateVariables<T extends string> = T extends `${string}{${infer Expression}}${infer Rest}`
  ? ExpressionNames<StripOperator<Expression>> | TemplateVariables<Rest>
  : never;
type StripOperator<E extends string> = E extends `${"+" | "#" | "/" | "?" | "&" | "." | ";"}${infer Name}`
  ? Name
  : E;
type ExpressionNames<E extends string> = E extends `${infer Head},${infer Tail}`
  ? CleanName<Head> | ExpressionNames<Tail>
  : CleanName<E>;
type CleanName<N extends string> = N extends `${infer Name}*`
  ? Name
  : N extends `${infer Name}:${string}`
    ? Name
    : N;

export type TemplateParams<T extends string> = string extends T
  ? Record<string, string>
  : { [K in TemplateVariables<T>]: string };

interface Expression {
  operator: string;
  names: string[];
}

const EXPRESSION = /\{([+#/?&.;]?)([^}]+)\}/g;

export class UriTemplate {
  readonly variables: string[];
  private readonly pattern: RegExp;
  private readonly groups: Array<{ names: string[]; operator: string }>;

  constructor(readonly template: string) {
    const groups: Array<{ names: string[]; operator: string }> = [];
    let source = "^";
    let last = 0;
    for (const found of template.matchAll(EXPRESSION)) {
      source += escapeRegExp(template.slice(last, found.index));
      const expression = parseExpression(found[1] ?? "", found[2] ?? "");
      source += expressionPattern(expression);
      groups.push(expression);
      last = found.index + found[0].length;
    }
    source += `${escapeRegExp(template.slice(last))}$`;
    this.pattern = new RegExp(source);
    this.groups = groups;
    this.variables = groups.flatMap((group) => group.names);
  }

  static isTemplate(uri: string): boolean {
    return /\{[^}]+\}/.test(uri);
  }

  /** The variables of `uri` when it matches this template, else undefined. */
  match(uri: string): Record<string, string> | undefined {
    const found = this.pattern.exec(uri);
    if (!found) return undefined;
    const values: Record<string, string> = {};
    let index = 1;
    for (const group of this.groups) {
      if (group.operator === "?" || group.operator === "&") {
        const query = found[index++] ?? "";
        const parameters = new URLSearchParams(query.replace(/^[?&]/, ""));
        for (const name of group.names) {
          const value = parameters.get(name);
          if (value !== null) values[name] = value;
        }
        continue;
      }
      for (const name of group.names) {
        const raw = found[index++];
        if (raw === undefined) continue;
        const decoded = safeDecode(raw);
        if (decoded === undefined) return undefined;
        values[name] = decoded;
      }
    }
    return values;
  }

  /** Fills the template with values, percent-encoding what the operator requires. */
  expand(values: Record<string, string | undefined>): string {
    return this.template.replace(EXPRESSION, (_all, operator: string, body: string) => {
      const { names } = parseExpression(operator, body);
      const present = names.filter((name) => values[name] !== undefined);
      if (present.length === 0) return "";
      const reserved = operator === "+" || operator === "#";
      const encode = (value: string) => (reserved ? encodeURI(value) : encodeURIComponent(value));
      if (operator === "?" || operator === "&") {
        const pairs = present.map((name) => `${name}=${encodeURIComponent(values[name] ?? "")}`);
        return `${operator}${pairs.join("&")}`;
      }
      const joined = present.map((name) => encode(values[name] ?? "")).join(",");
      return operator === "+" || operator === "" ? joined : `${operator}${joined}`;
    });
  }
}

function parseExpression(operator: string, body: string): Expression {
  const names = body.split(",").map((name) => name.replace(/\*$/, "").replace(/:\d+$/, ""));
  return { operator, names };
}

function expressionPattern({ operator, names }: Expression): string {
  switch (operator) {
    case "+":
      return names.map(() => "(.+?)").join(",");
    case "#":
      return `(?:#${names.map(() => "(.+?)").join(",")})?`;
    case "/":
      return names.map(() => "(?:/([^/?#]+))?").join("");
    case "?":
    case "&":
      return "(\\?[^#]*|&[^#]*)?";
    default:
      // One segment; an empty value would make the URI ambiguous, so at least one character.
      return names.map(() => "([^/?#,]+)").join(",");
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
