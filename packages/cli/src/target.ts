import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { StdioServerParameters } from "@mcpkit/core";
import { appEntry } from "./built-entry.js";
import { UsageError } from "./errors.js";
import { type Command, cliEntry, nodeArgs, serveFileScript } from "./node-command.js";
import { didYouMean } from "./suggest.js";
import { appDir, findWorkspace, listApps } from "./workspace.js";

/** What a command acts on: a reference app, all of them composed, a server file, a command, or a URL. */
export type Target =
  | { kind: "app"; name: string; dir: string; serverArgs: string[] }
  | { kind: "all"; serverArgs: string[] }
  | { kind: "file"; file: string; exportName: string | undefined; serverArgs: string[] }
  | { kind: "command"; command: string; args: string[] }
  | { kind: "url"; url: string };

export interface TargetInput {
  /** The target as typed: an app name, `all`, a file (`path:export`), a module, or a URL. */
  spec: string | undefined;
  /** Arguments after `--`: the server command when there is no spec, else extra server arguments. */
  rest: string[];
  /** `--command "node server.js"`. */
  command?: string | undefined;
  cwd?: string;
}

/** What the CLI reads from the environment to reach a protected server: never from argv, which `ps` shows. */
export const URL_AUTH_HELP = `Protected servers (URL targets), from the environment:
  MCPKIT_TOKEN=<token>                      send this bearer token
  MCPKIT_CLIENT_ID, MCPKIT_CLIENT_SECRET    get tokens with the client-credentials grant
  MCPKIT_SCOPE="<scope ...>"                the scopes to ask for (default: the server's)
  With none of the first two, a server that answers 401 gets a browser sign-in, kept for
  later commands in $XDG_CONFIG_HOME/mcpkit/credentials.json:
  MCPKIT_NO_BROWSER=1                       print the sign-in URL instead of opening a browser
  MCPKIT_CREDENTIALS=<dir>                  keep credentials.json in this directory instead`;

export const TARGET_HELP = `Targets:
  <app>                 a reference app of this workspace (sqlite, weather, ...)
  all                   every reference app, mounted under prefixes in one server
  <file>[:export]       a file exporting a FastMCP (TypeScript runs as is): server.ts, dist/server.js:mcp
  <module>              a package exporting one: @mcpkit/weather
  <url>                 a running server over HTTP: http://127.0.0.1:3000/mcp
  -- <command...>       a stdio server command: -- node server.js --flag
  --command "<cmd>"     the same, as one string

${URL_AUTH_HELP}`;

export function resolveTarget({ spec, rest, command, cwd = process.cwd() }: TargetInput): Target {
  if (command !== undefined) {
    if (spec !== undefined) throw new UsageError(`Give a target or --command, not both ("${spec}")`);
    const [program, ...args] = splitCommand(command);
    if (!program) throw new UsageError("--command is empty");
    return { kind: "command", command: program, args: [...args, ...rest] };
  }
  if (spec === undefined) {
    const [program, ...args] = rest;
    if (!program) throw new UsageError(`Missing target.\n\n${TARGET_HELP}`);
    return { kind: "command", command: program, args };
  }
  if (/^https?:\/\//i.test(spec)) {
    if (rest.length > 0) throw new UsageError("A URL target takes no arguments after --");
    return { kind: "url", url: spec };
  }
  const apps = listApps();
  if (spec === "all" && apps.length > 0) return { kind: "all", serverArgs: rest };
  const dir = appDir(spec);
  if (dir) return { kind: "app", name: spec, dir, serverArgs: rest };
  const file = resolveFile(spec, cwd);
  if (file) return { ...file, kind: "file", serverArgs: rest };
  const module = resolveModule(spec, cwd);
  if (module) return { kind: "file", file: module, exportName: undefined, serverArgs: rest };
  const looksLikePath = /[/\\]|\.[cm]?[jt]s(:|$)/.test(spec);
  const known = apps.length > 0 ? `\nApps: ${[...apps, "all"].join(", ")}` : "";
  throw new UsageError(
    looksLikePath
      ? `No such file: ${resolve(cwd, spec.replace(/:[A-Za-z_$][\w$]*$/, ""))}`
      : `Unknown target "${spec}": not an app, a file, a module or a URL.${didYouMean(spec, apps)}${known}`,
  );
}

function resolveFile(
  spec: string,
  cwd: string,
): { file: string; exportName: string | undefined } | undefined {
  const isFile = (path: string) => existsSync(path) && statSync(path).isFile();
  const whole = resolve(cwd, spec);
  if (isFile(whole)) return { file: whole, exportName: undefined };
  const named = /^(.+):([A-Za-z_$][\w$]*)$/.exec(spec);
  if (named?.[1] && named[2]) {
    const file = resolve(cwd, named[1]);
    if (isFile(file)) return { file, exportName: named[2] };
  }
  return undefined;
}

/**
 * The entry file of an installed package, found from `cwd` the way Node would, preferring the
 * `@mcpkit/source` condition inside this workspace so packages run from source without a build.
 */
function resolveModule(spec: string, cwd: string): string | undefined {
  if (!/^(@[\w.-]+\/)?[\w.-]+$/.test(spec)) return undefined;
  const workspace = findWorkspace();
  for (let directory = cwd; ; directory = dirname(directory)) {
    const root = join(directory, "node_modules", spec);
    const manifest = join(root, "package.json");
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, "utf8")) as {
        exports?: unknown;
        main?: string;
        module?: string;
      };
      const conditions = workspace ? ["@mcpkit/source", "import", "default"] : ["import", "default"];
      const entry = exportEntry(pkg.exports, conditions) ?? pkg.module ?? pkg.main ?? "index.js";
      const file = resolve(root, entry);
      if (existsSync(file)) return file;
    }
    if (dirname(directory) === directory) return undefined;
  }
}

function exportEntry(exports: unknown, conditions: string[]): string | undefined {
  if (typeof exports === "string") return exports;
  if (typeof exports !== "object" || exports === null) return undefined;
  const record = exports as Record<string, unknown>;
  const root = "." in record ? record["."] : record;
  if (typeof root === "string") return root;
  if (typeof root !== "object" || root === null) return undefined;
  for (const condition of conditions) {
    const value = exportEntry((root as Record<string, unknown>)[condition], conditions);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** Splits a command line on spaces, honouring single and double quotes (no other shell syntax). */
export function splitCommand(line: string): string[] {
  const words: string[] = [];
  for (const found of line.matchAll(/"((?:\\.|[^"\\])*)"|'([^']*)'|(\S+)/g)) {
    words.push(found[1] !== undefined ? found[1].replace(/\\(.)/g, "$1") : (found[2] ?? found[3] ?? ""));
  }
  return words;
}

export interface ServeFlags {
  transport?: string | undefined;
  host?: string | undefined;
  port?: string | undefined;
  logLevel?: string | undefined;
}

/** The arguments an app's main gets: the serving flags, then the user's arguments after `--`. */
export function appArgs(target: { serverArgs: string[] }, flags: ServeFlags): string[] {
  return [...flagArgs(flags), ...target.serverArgs];
}

function flagArgs({ transport, host, port, logLevel }: ServeFlags): string[] {
  const args: string[] = [];
  if (transport !== undefined) args.push("--transport", transport);
  if (host !== undefined) args.push("--host", host);
  if (port !== undefined) args.push("--port", port);
  if (logLevel !== undefined) args.push("--log-level", logLevel);
  return args;
}

/**
 * The process that serves a target (not a URL) with these flags. An app runs from its build
 * when that is current (see `appEntry`), or from source when `fromSource` is asked (`dev`).
 */
export function serverCommand(
  target: Exclude<Target, { kind: "url" }>,
  flags: ServeFlags = {},
  { fromSource = false }: { fromSource?: boolean } = {},
): Command {
  switch (target.kind) {
    case "app": {
      const entry = fromSource ? join(target.dir, "src", "main.ts") : appEntry(target.dir).file;
      return { command: process.execPath, args: [...nodeArgs(entry), ...appArgs(target, flags)] };
    }
    case "all":
      return {
        command: process.execPath,
        args: [...nodeArgs(cliEntry()), "run", "all", ...flagArgs(flags), ...target.serverArgs],
      };
    case "file": {
      const script = serveFileScript();
      const args = [
        ...nodeArgs(script, target.file),
        target.file,
        target.exportName ?? "",
        ...flagArgs(flags),
      ];
      return { command: process.execPath, args: [...args, ...target.serverArgs] };
    }
    case "command":
      return { command: target.command, args: target.args };
  }
}

/** What a `Client` connects to for this target: a URL, or the server process with its stderr kept for errors. */
export function clientTarget(target: Target, flags: ServeFlags = {}): string | StdioServerParameters {
  if (target.kind === "url") return target.url;
  return { ...serverCommand(target, flags), stderr: "pipe" };
}

export function describeTarget(target: Target): string {
  switch (target.kind) {
    case "app":
      return `app "${target.name}"`;
    case "all":
      return "all apps";
    case "file":
      return target.exportName ? `${target.file}:${target.exportName}` : target.file;
    case "command":
      return [target.command, ...target.args].join(" ");
    case "url":
      return target.url;
  }
}
