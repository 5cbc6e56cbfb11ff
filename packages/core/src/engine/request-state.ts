import { McpError } from "../errors.js";
import { ErrorCode } from "../protocol/messages.js";
import { nodeCrypto } from "../protocol/node-crypto.js";
import { ReplayGuard } from "./replay-guard.js";

/** What a request state is bound to: only the request that earned it may bring it back. */
export interface StateBinding {
  /** The authenticated identity, or null on a server without auth. */
  principal: string | null;
  method: string;
  /** The tool or prompt name, or the resource URI. */
  target: string;
  /** A digest of the request's arguments. */
  argumentsDigest: string;
}

/** What a multi round-trip request carries from one round to the next. */
export interface StateContents {
  /** Answers to asks, by input key, kept for the rounds after the one that received them. */
  answers: Record<string, Record<string, unknown>>;
  /** The digest of each ask by key, so that a re-run asking something else is asked again. */
  asks: Record<string, string>;
  /** `ctx.once` results by name, each as a one-element array ([] for undefined). */
  journal: Record<string, unknown[]>;
}

/** Why a state was refused, in the error's `data.reason`. */
export type StateRefusal = "malformed" | "tampered" | "unknown-key" | "foreign" | "expired" | "replayed";

interface SealedPayload extends StateContents {
  v: 1;
  /** Principal, method, target, arguments digest: compared field by field for a clear error. */
  b: [string | null, string, string, string];
  /** Expiry, ms since the epoch. */
  e: number;
  /** A nonce, consumed on first use so the same state cannot complete a request twice. */
  n: string;
}

/** How long a state stays valid: long enough for a person to answer a form. */
export const REQUEST_STATE_TTL_MS = 10 * 60_000;
/** The largest `requestState` accepted, in characters; a bigger one is refused before decrypting. */
export const MAX_REQUEST_STATE_CHARS = 2 * 1024 * 1024;

const VERSION = "m1";
const IV_BYTES = 12;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID_BYTES = 4;
const MIN_SECRET_CHARS = 32;

interface StateKey {
  id: Buffer;
  key: Buffer;
}

/**
 * Seals and opens `requestState` with AES-256-GCM. The first key seals and every key opens, so a
 * key is rotated by putting the new one first and dropping the old one after a state's lifetime.
 * Each sealed state names its key by a 4-byte id, so opening tries one key, not all of them.
 */
export class RequestStateSealer {
  private readonly keys: StateKey[];
  private readonly replays: ReplayGuard;

  /**
   * Made on a server's first multi round-trip request, so that node:crypto loads only then.
   * `secrets` were checked by `checkStateSecrets`; none means a random key of this process.
   */
  constructor(
    secrets: readonly string[],
    private readonly now: () => number = () => Date.now(),
  ) {
    const material =
      secrets.length > 0 ? secrets.map((secret) => Buffer.from(secret)) : [nodeCrypto().randomBytes(32)];
    this.keys = material.map(deriveKey);
    this.replays = new ReplayGuard(now);
  }

  seal(binding: StateBinding, contents: StateContents): string {
    const { createCipheriv, randomBytes } = nodeCrypto();
    // One call for both: the IV, then the nonce that makes the state single-use.
    const random = randomBytes(IV_BYTES + NONCE_BYTES);
    const iv = random.subarray(0, IV_BYTES);
    const payload: SealedPayload = {
      v: 1,
      b: [binding.principal, binding.method, binding.target, binding.argumentsDigest],
      e: this.now() + REQUEST_STATE_TTL_MS,
      n: random.subarray(IV_BYTES).toString("base64url"),
      ...contents,
    };
    const { id, key } = this.keys[0] as StateKey;
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(payload), "utf8"), cipher.final()]);
    const token = `${VERSION}.${Buffer.concat([id, iv, cipher.getAuthTag(), body]).toString("base64url")}`;
    // Refused here, not on the retry: a state this server issued must also be one it accepts.
    if (token.length > MAX_REQUEST_STATE_CHARS) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `The answers gathered over this request's rounds would make a requestState of ${token.length} ` +
          `characters, past the cap of ${MAX_REQUEST_STATE_CHARS}; the request cannot ask for more`,
      );
    }
    return token;
  }

  /**
   * Opens a state the client brought back, checks it belongs to this request and has not
   * expired or been used, and consumes it. Every refusal is a -32602 naming the reason.
   */
  open(token: unknown, binding: StateBinding): StateContents {
    const payload = this.decrypt(token);
    const [principal, method, target, argumentsDigest] = payload.b;
    if (principal !== binding.principal) {
      throw refused("foreign", "requestState was issued to another principal; start the request again");
    }
    if (
      method !== binding.method ||
      target !== binding.target ||
      argumentsDigest !== binding.argumentsDigest
    ) {
      throw refused(
        "foreign",
        `requestState was issued for another request (${method} ${target}${argumentsDigest === binding.argumentsDigest ? "" : " with other arguments"}); send it only with the request that returned it`,
      );
    }
    if (payload.e <= this.now()) {
      throw refused("expired", "requestState has expired; start the request again without it");
    }
    if (!this.replays.consume(payload.n, payload.e)) {
      throw refused("replayed", "requestState was already used; each one answers a single retry");
    }
    return { answers: payload.answers, asks: payload.asks, journal: payload.journal };
  }

  private decrypt(token: unknown): SealedPayload {
    if (
      typeof token !== "string" ||
      token.length > MAX_REQUEST_STATE_CHARS ||
      !token.startsWith(`${VERSION}.`)
    ) {
      throw refused("malformed", "requestState is not a state this server issued");
    }
    const raw = Buffer.from(token.slice(VERSION.length + 1), "base64url");
    if (raw.length < KEY_ID_BYTES + IV_BYTES + TAG_BYTES) {
      throw refused("tampered", "requestState failed its integrity check");
    }
    const id = raw.subarray(0, KEY_ID_BYTES);
    const stateKey = this.keys.find((candidate) => candidate.id.equals(id));
    if (!stateKey) {
      throw refused(
        "unknown-key",
        "requestState was sealed with a key this server does not hold (tampered, or the key was rotated out)",
      );
    }
    const iv = raw.subarray(KEY_ID_BYTES, KEY_ID_BYTES + IV_BYTES);
    const tag = raw.subarray(KEY_ID_BYTES + IV_BYTES, KEY_ID_BYTES + IV_BYTES + TAG_BYTES);
    const decipher = nodeCrypto().createDecipheriv("aes-256-gcm", stateKey.key, iv);
    decipher.setAuthTag(tag);
    let text: string;
    try {
      const body = raw.subarray(KEY_ID_BYTES + IV_BYTES + TAG_BYTES);
      text = Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
    } catch (cause) {
      throw refused("tampered", "requestState failed its integrity check", cause);
    }
    // Authenticated, so sealed by this server: its shape is ours and needs no further checking.
    return JSON.parse(text) as SealedPayload;
  }
}

/** A SHA-256 digest of a JSON value with its object keys sorted: equal arguments, equal digest. */
export function digestOf(value: unknown): string {
  return nodeCrypto().createHash("sha256").update(stableJson(value)).digest("base64url");
}

function stableJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(",")}}`;
}

/**
 * The `requestStateKey` option as a list, checked when the server is made so that a weak key
 * fails at start-up rather than on the first multi round-trip request.
 */
export function checkStateSecrets(option: string | readonly string[] | undefined): readonly string[] {
  const secrets = option === undefined ? [] : typeof option === "string" ? [option] : option;
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_CHARS) {
      throw new TypeError(
        `requestStateKey must be at least ${MIN_SECRET_CHARS} characters (e.g. from \`openssl rand -base64 32\`)`,
      );
    }
  }
  return secrets;
}

function deriveKey(secret: Buffer): StateKey {
  const { createHash, hkdfSync } = nodeCrypto();
  const key = Buffer.from(hkdfSync("sha256", secret, "mcpkit", "request-state aes-256-gcm", 32));
  return { id: createHash("sha256").update(key).digest().subarray(0, KEY_ID_BYTES), key };
}

function refused(reason: StateRefusal, message: string, cause?: unknown): McpError {
  return new McpError(
    ErrorCode.InvalidParams,
    message,
    { reason },
    cause === undefined ? undefined : { cause },
  );
}
