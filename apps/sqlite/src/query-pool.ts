import { type ChildProcess, fork } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Job } from "./database-operations.js";
import type { JobReply } from "./query-process.js";

/** A job that failed, with SQLite's result code or one of ours (`MCPKIT_*`). */
export class JobError extends Error {
  override name = "JobError";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface QueryPoolOptions {
  databasePath: string;
  /** Wall-clock limit per job; the process running it is killed when it passes. */
  timeoutMs: number;
  /** Jobs that run at once, each in its own process; more wait their turn. */
  maxProcesses: number;
}

interface Waiter {
  job: Job;
  signal: AbortSignal | undefined;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** Source runs (tests, tsx) start the process from TypeScript through tsx; a build runs plain JS. */
const entry = new URL(
  import.meta.url.endsWith(".ts") ? "./query-process.ts" : "./query-process.js",
  import.meta.url,
);
const execArgv = entry.pathname.endsWith(".ts")
  ? ["--import", pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href]
  : [];

/**
 * Runs jobs in child processes, each with a wall-clock timeout. A job that overruns is stopped by
 * killing its process (SQLite's loop never yields, so nothing gentler works); a fresh process
 * takes its place, and jobs in other processes carry on meanwhile.
 */
export class QueryPool {
  private readonly all = new Set<QueryProcess>();
  private readonly idle: QueryProcess[] = [];
  private readonly waiting: Waiter[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: QueryPoolOptions) {}

  /** Starts one process ahead of the first job, so it does not pay the start-up time. */
  warm(): void {
    if (this.all.size === 0 && !this.closed) this.idle.push(this.spawn());
  }

  run(job: Job, signal?: AbortSignal): Promise<unknown> {
    if (this.closed) return Promise.reject(closedError());
    return new Promise((resolve, reject) => {
      this.waiting.push({ job, signal, resolve, reject });
      this.dispatch();
    });
  }

  /** Kills every process; jobs still running fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(closedError());
    this.idle.length = 0;
    await Promise.all([...this.all].map((child) => child.kill()));
  }

  /** Process ids alive now, for tests that check a killed query really stopped. */
  get processIds(): number[] {
    return [...this.all].map((child) => child.pid);
  }

  private dispatch(): void {
    while (this.waiting.length > 0) {
      const child = this.idle.pop() ?? (this.all.size < this.options.maxProcesses ? this.spawn() : undefined);
      if (!child) return;
      const waiter = this.waiting.shift()!;
      void this.runOn(child, waiter);
    }
  }

  private async runOn(child: QueryProcess, { job, signal, resolve, reject }: Waiter): Promise<void> {
    const id = this.nextId++;
    const onAbort = () => void child.kill();
    signal?.addEventListener("abort", onAbort, { once: true });
    let timer: NodeJS.Timeout | undefined;
    try {
      // The clock starts once the process can work: start-up time is not the query's.
      await child.started;
      if (signal?.aborted) throw signal.reason;
      timer = setTimeout(() => void child.kill(), this.options.timeoutMs);
      const reply = await child.send(id, job);
      this.release(child);
      if (reply.ok) resolve(reply.value);
      else reject(new JobError(reply.code, reply.message));
    } catch (error) {
      if (signal?.aborted) {
        await child.kill();
        reject(signal.reason as Error);
      } else if (this.closed) {
        reject(closedError());
      } else {
        reject(child.killedByUs ? this.timeoutError() : (error as Error));
      }
      this.all.delete(child);
      this.dispatch();
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  private release(child: QueryProcess): void {
    if (this.closed) void child.kill();
    else this.idle.push(child);
    this.dispatch();
  }

  private timeoutError(): JobError {
    return new JobError(
      "MCPKIT_TIMEOUT",
      `The query was stopped after ${this.options.timeoutMs} ms, this server's time limit. ` +
        "Narrow it (WHERE, LIMIT, fewer joins) or check for a recursive CTE that never ends.",
    );
  }

  private spawn(): QueryProcess {
    const child = new QueryProcess(this.options.databasePath, () => {
      this.all.delete(child);
      const index = this.idle.indexOf(child);
      if (index !== -1) this.idle.splice(index, 1);
    });
    this.all.add(child);
    return child;
  }
}

function closedError(): JobError {
  return new JobError("MCPKIT_CLOSED", "The server is shutting down.");
}

/** One query process and the single job it may be running. */
class QueryProcess {
  killedByUs = false;
  private readonly child: ChildProcess;
  private readonly ready: Promise<void>;
  private readonly exited: Promise<void>;
  private pending:
    | { id: number; resolve: (reply: JobReply) => void; reject: (error: Error) => void }
    | undefined;

  constructor(databasePath: string, onExit: () => void) {
    this.child = fork(fileURLToPath(entry), [databasePath], {
      execArgv: [...execArgv, "--max-old-space-size=256"],
      // stdout stays closed: on stdio the parent's stdout is the MCP protocol.
      stdio: ["ignore", "ignore", "inherit", "ipc"],
      serialization: "json",
    });
    this.ready = new Promise((resolve) => this.child.once("message", () => resolve()));
    this.exited = new Promise((resolve) => this.child.once("exit", () => resolve()));
    this.child.on("message", (reply: JobReply | "ready") => {
      if (reply === "ready" || reply.id !== this.pending?.id) return;
      this.pending.resolve(reply);
      this.pending = undefined;
    });
    this.child.once("exit", (code, signal) => {
      onExit();
      this.pending?.reject(
        new JobError(
          "MCPKIT_PROCESS_EXITED",
          `The query process stopped unexpectedly (${signal ?? `exit code ${code}`}).`,
        ),
      );
      this.pending = undefined;
    });
    this.child.on("error", () => {});
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Settles when the process is ready for a job, or has exited. */
  get started(): Promise<void> {
    return Promise.race([this.ready, this.exited]);
  }

  send(id: number, job: Job): Promise<JobReply> {
    if (!this.child.connected) {
      return Promise.reject(
        new JobError("MCPKIT_PROCESS_EXITED", "The query process had stopped before the query could run."),
      );
    }
    const reply = new Promise<JobReply>((resolve, reject) => {
      this.pending = { id, resolve, reject };
    });
    this.child.send({ id, job });
    return reply;
  }

  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.killedByUs = true;
      this.child.kill("SIGKILL");
    }
    await this.exited;
  }
}
