import { type ChildProcess, spawn } from "node:child_process";
import { type Message, onLines, parseMessage, traceLine } from "./json-lines.js";
import type { Command } from "./node-command.js";

export interface RelayOptions {
  server: Command;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  log?: (line: string) => void;
}

const LIST_CHANGED = [
  "notifications/tools/list_changed",
  "notifications/resources/list_changed",
  "notifications/prompts/list_changed",
];

/**
 * Sits between a stdio client and a server process it restarts on demand: relays every line both
 * ways, traces each message, and on `restart()` starts a fresh server, replays the client's
 * `initialize` to it (the client never notices), fails the requests the old one was serving, and
 * tells the client its lists changed so it lists them again.
 */
export class DevRelay {
  private child: ChildProcess | undefined;
  private initialize: Message | undefined;
  private readonly pending = new Map<string | number, string>();
  private queue: string[] | undefined;
  private generation = 0;
  private readonly input: NodeJS.ReadableStream;
  private readonly output: NodeJS.WritableStream;
  private readonly log: (line: string) => void;

  constructor(private readonly options: RelayOptions) {
    this.input = options.input ?? process.stdin;
    this.output = options.output ?? process.stdout;
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  }

  /** Starts the server and relays until the client closes its side; resolves then. */
  run(): Promise<void> {
    this.spawnServer();
    onLines(this.input, (line) => this.fromClient(line));
    return new Promise((resolve) => {
      this.input.once("end", () => {
        this.stopServer();
        resolve();
      });
    });
  }

  /** Restarts the server, keeping the client's session. */
  async restart(reason: string): Promise<void> {
    this.log(`mcpkit dev: ${reason}; restarting the server`);
    this.queue ??= [];
    this.stopServer();
    for (const [id, method] of this.pending) {
      this.toClient(
        JSON.stringify({
          jsonrpc: "2.0",
          id,
          error: { code: -32000, message: `The server restarted while handling ${method}` },
        }),
      );
    }
    this.pending.clear();
    const child = this.spawnServer();
    if (this.initialize) {
      const id = `mcpkit-dev-${this.generation}`;
      const initialized = new Promise<boolean>((resolve) => {
        this.awaitingInit = { id, resolve };
        child.once("exit", () => resolve(false));
      });
      this.toServer(JSON.stringify({ ...this.initialize, id }));
      if (!(await initialized)) {
        this.log("mcpkit dev: the server exited during initialize; waiting for the next change");
        this.flushQueue();
        return;
      }
      this.toServer(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }));
      for (const method of LIST_CHANGED) {
        const line = JSON.stringify({ jsonrpc: "2.0", method });
        this.log(traceLine("<-", line).replace("<-", "<- (mcpkit dev)"));
        this.toClient(line);
      }
    }
    this.flushQueue();
  }

  /** Passes on what the client sent during a restart (answered with errors if the server is down). */
  private flushQueue(): void {
    const queued = this.queue ?? [];
    this.queue = undefined;
    for (const line of queued) this.fromClient(line);
  }

  private awaitingInit: { id: string; resolve: (ok: boolean) => void } | undefined;

  private spawnServer(): ChildProcess {
    const { command, args, cwd, env } = this.options.server;
    const generation = ++this.generation;
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ["pipe", "pipe", "inherit"],
    });
    this.child = child;
    child.once("error", (error) => this.log(`mcpkit dev: could not start ${command}: ${error.message}`));
    child.once("exit", (code, signal) => {
      if (this.child !== child) return;
      this.log(
        `mcpkit dev: the server exited (${signal ?? `code ${code}`}); it restarts on the next file change`,
      );
      for (const [id, method] of this.pending) {
        this.toClient(
          JSON.stringify({
            jsonrpc: "2.0",
            id,
            error: { code: -32000, message: `The server exited while handling ${method}` },
          }),
        );
      }
      this.pending.clear();
      this.child = undefined;
    });
    if (child.stdout)
      onLines(child.stdout, (line) => generation === this.generation && this.fromServer(line));
    return child;
  }

  private stopServer(): void {
    const child = this.child;
    this.child = undefined;
    if (!child) return;
    child.stdin?.end();
    const timer = setTimeout(() => child.kill("SIGTERM"), 1_000);
    timer.unref();
    child.once("exit", () => clearTimeout(timer));
  }

  private fromClient(line: string): void {
    if (this.queue) {
      this.queue.push(line);
      return;
    }
    this.log(traceLine("->", line));
    const message = parseMessage(line);
    if (message?.method === "initialize") this.initialize = message;
    if (message?.method && message.id !== undefined && message.id !== null)
      this.pending.set(message.id, message.method);
    if (!this.child && message?.method && message.id !== undefined && message.id !== null) {
      this.pending.delete(message.id);
      this.toClient(
        JSON.stringify({
          jsonrpc: "2.0",
          id: message.id,
          error: { code: -32000, message: "The server is not running (fix it and save)" },
        }),
      );
      return;
    }
    this.toServer(line);
  }

  private fromServer(line: string): void {
    const message = parseMessage(line);
    if (this.awaitingInit && message?.id === this.awaitingInit.id) {
      this.log(traceLine("<-", line).replace("<-", "<- (replayed initialize)"));
      this.awaitingInit.resolve(!message.error);
      this.awaitingInit = undefined;
      return;
    }
    if (message && !message.method && message.id !== undefined && message.id !== null)
      this.pending.delete(message.id);
    this.log(traceLine("<-", line));
    this.toClient(line);
  }

  private toServer(line: string): void {
    this.child?.stdin?.write(`${line}\n`);
  }

  private toClient(line: string): void {
    this.output.write(`${line}\n`);
  }
}
