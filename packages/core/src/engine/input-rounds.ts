import { McpError } from "../errors.js";
import type { RequestEnvelope } from "../protocol/envelope.js";
import { ErrorCode } from "../protocol/messages.js";
import type { ClientCapabilities } from "../protocol/types.js";
import type { InputMethod, InputRound } from "../server/input-round.js";
import { checkAnswer, type InputResponses } from "./input-responses.js";
import { digestOf, type StateContents } from "./request-state.js";

/** The most characters `ctx.once` results may take together in the request state. */
export const MAX_JOURNAL_CHARS = 64 * 1024;

const KEY_PREFIX: Record<InputMethod, string> = {
  "elicitation/create": "elicitation",
  "sampling/createMessage": "sampling",
  "roots/list": "roots",
};

/**
 * A promise that never settles, one per ask: the suspended handler's continuation hangs on it
 * alone, so once the request is answered nothing references either and both are collected (one
 * shared promise would keep every abandoned handler alive).
 */
const suspended = (): Promise<never> => new Promise<never>(() => {});

/**
 * One run of a handler serving a 2026 request. Asks the client already answered (in this retry's
 * `inputResponses`, or in an earlier round kept in the request state) resolve at once; the others
 * suspend the handler. One macrotask after the first unanswered ask, when asks made together
 * (`Promise.all`, or in one tick) have all arrived and running `once` steps have finished,
 * `outcome` settles with the `input_required` result: every unanswered ask, and a sealed state
 * carrying the answers used and the journal so that the re-run replays to the same point.
 */
export class InputRounds implements InputRound {
  /** Settles with the `input_required` result, or rejects with a request-level error. */
  readonly outcome: Promise<Record<string, unknown>>;
  private resolve!: (result: Record<string, unknown>) => void;
  private reject!: (error: unknown) => void;
  private settled = false;
  private flushing = false;
  private askCount = 0;
  private journalChars = 0;
  private readonly unanswered = new Map<string, { method: InputMethod; params: Record<string, unknown> }>();
  private readonly used: Record<string, Record<string, unknown>> = {};
  private readonly asks: Record<string, string> = {};
  private readonly journal: Record<string, unknown[]>;
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly envelope: RequestEnvelope,
    private readonly previous: StateContents | undefined,
    private readonly responses: InputResponses | undefined,
    private readonly seal: (contents: StateContents) => string,
  ) {
    this.outcome = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.journal = { ...previous?.journal };
    this.journalChars = JSON.stringify(this.journal).length;
  }

  ask(method: InputMethod, params: Record<string, unknown>, key?: string): Promise<Record<string, unknown>> {
    if (this.settled) return suspended();
    const missing = missingCapability(method, params, this.envelope.clientCapabilities);
    if (missing) {
      this.fail(
        new McpError(
          ErrorCode.MissingRequiredClientCapability,
          `This request needs the client's ${Object.keys(missing)[0]} capability, which its envelope did not declare`,
          { requiredCapabilities: missing },
        ),
      );
      return suspended();
    }
    this.askCount += 1;
    const inputKey = key ?? `${KEY_PREFIX[method]}_${this.askCount}`;
    const digest = digestOf([method, params]);
    const earlier = this.asks[inputKey];
    if (earlier !== undefined && earlier !== digest) {
      return Promise.reject(new Error(`Two different asks of one request share the input key "${inputKey}"`));
    }
    this.asks[inputKey] = digest;
    const answer = this.answerFor(inputKey, digest);
    if (answer === undefined) {
      this.unanswered.set(inputKey, { method, params });
      this.scheduleFlush();
      return suspended();
    }
    try {
      checkAnswer(method, inputKey, answer);
    } catch (error) {
      this.fail(error);
      return suspended();
    }
    this.used[inputKey] = answer;
    return Promise.resolve(answer);
  }

  once<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
    const journaled = this.journal[name];
    if (journaled !== undefined) return Promise.resolve(journaled[0] as T);
    const running = this.running.get(name);
    if (running) return running as Promise<T>;
    const run = (async () => {
      try {
        const value = await fn();
        this.record(name, value);
        return value;
      } finally {
        this.running.delete(name);
      }
    })();
    this.running.set(name, run);
    return run;
  }

  /** The handler finished (or failed) on its own: asks it left behind are not sent. */
  finish(): void {
    this.settled = true;
  }

  private answerFor(key: string, digest: string): Record<string, unknown> | undefined {
    const previous = this.previous;
    // Without a state the retry's answers are taken by key; with one, only for what was asked.
    const response = this.responses?.[key];
    if (response !== undefined && (previous === undefined || previous.asks[key] === digest)) return response;
    if (previous !== undefined && previous.asks[key] === digest) return previous.answers[key];
    return undefined;
  }

  private record(name: string, value: unknown): void {
    const entry = value === undefined ? [] : [value];
    const text = JSON.stringify(entry);
    const chars = this.journalChars + name.length + text.length + 4;
    if (chars > MAX_JOURNAL_CHARS) {
      throw new Error(
        `ctx.once("${name}") would take the request-state journal to ${chars} characters, past its cap of ` +
          `${MAX_JOURNAL_CHARS}; journal small results (an id, not a document)`,
      );
    }
    this.journalChars = chars;
    this.journal[name] = JSON.parse(text) as unknown[];
  }

  private scheduleFlush(): void {
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => void this.flush().catch((error: unknown) => this.fail(error)));
  }

  private async flush(): Promise<void> {
    // A side effect already under way is waited for and journaled, or a re-run would repeat it.
    while (this.running.size > 0 && !this.settled) {
      await Promise.allSettled([...this.running.values()]);
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (this.settled) return;
    const inputRequests: Record<string, unknown> = {};
    for (const [key, { method, params }] of this.unanswered) inputRequests[key] = { method, params };
    const requestState = this.seal({ answers: this.used, asks: this.asks, journal: this.journal });
    this.settled = true;
    this.resolve({ resultType: "input_required", inputRequests, requestState });
  }

  private fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(error);
  }
}

/** The capability an ask needs that the client did not declare, as `requiredCapabilities`. */
function missingCapability(
  method: InputMethod,
  params: Record<string, unknown>,
  declared: ClientCapabilities,
): ClientCapabilities | undefined {
  switch (method) {
    case "elicitation/create": {
      const elicitation = declared.elicitation as { form?: object; url?: object } | undefined;
      const mode = params.mode === "url" ? "url" : "form";
      if (!elicitation) return { elicitation: { [mode]: {} } };
      // An empty elicitation capability means form mode only.
      const formImplied = elicitation.form === undefined && elicitation.url === undefined;
      if (mode === "form" ? elicitation.form || formImplied : elicitation.url) return undefined;
      return { elicitation: { [mode]: {} } };
    }
    case "sampling/createMessage": {
      const sampling = declared.sampling as { tools?: object } | undefined;
      if (!sampling) return { sampling: {} };
      if (params.tools !== undefined && !sampling.tools) return { sampling: { tools: {} } };
      return undefined;
    }
    case "roots/list":
      return declared.roots ? undefined : { roots: {} };
  }
}
