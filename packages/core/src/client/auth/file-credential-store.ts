import { join } from "node:path";
import { z } from "zod";
import { nodeCrypto } from "../../protocol/node-crypto.js";
import type { CredentialStore, StoredCredentials } from "./credential-store.js";

/** The file's name inside the caller's directory. */
export const CREDENTIALS_FILE = "credentials.json";

const storedCredentials = z.object({
  clientId: z.string(),
  clientSecret: z.string().optional(),
  accessToken: z.string().optional(),
  refreshToken: z.string().optional(),
  expiresAt: z.number().optional(),
  resource: z.string().optional(),
  redirectUri: z.string().optional(),
});

const credentialsFile = z.object({
  version: z.literal(1),
  issuers: z.record(z.string(), storedCredentials),
});

type CredentialsFile = z.infer<typeof credentialsFile>;

/**
 * The credentials file cannot be read as one: not JSON, not the expected shape, or unreadable.
 * The message names the file and what is wrong with it, never its content (it holds tokens).
 *
 * @example
 * catch (error) { if (error instanceof CredentialFileError) console.error(error.message); }
 */
export class CredentialFileError extends Error {
  override name = "CredentialFileError";

  constructor(
    readonly file: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`The credentials file ${file} ${problem}; fix or delete it to sign in again`, options);
  }
}

/**
 * Credentials kept across processes in `<directory>/credentials.json`, keyed by issuer: a
 * user's CLI signs in once and later commands reuse or refresh the tokens. The directory is
 * created readable only by the user (0700); each write goes to a temporary file (0600) that is
 * renamed over the old one, so a crash or a concurrent reader never sees half a file. No lock
 * is taken between processes: when two write at once, the last rename wins and the other's
 * update is lost (at worst, its next command signs in again).
 * A file that is not a credentials file is refused with a `CredentialFileError`, not overwritten.
 *
 * @example
 * const store = fileCredentialStore(join(homedir(), ".config", "mcpkit"));
 * await Client.connect(url, { auth: authorizationCode({ openBrowser, store }) });
 */
export function fileCredentialStore(directory: string): CredentialStore & { readonly file: string } {
  const file = join(directory, CREDENTIALS_FILE);
  // Writes from one process queue here, so that two `set`s never read the same old file.
  let writing: Promise<unknown> = Promise.resolve();

  const read = async (): Promise<CredentialsFile> => {
    const { readFile } = await import("node:fs/promises");
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, issuers: {} };
      const code = (error as NodeJS.ErrnoException).code ?? "an error";
      throw new CredentialFileError(file, `cannot be read (${code})`, { cause: error });
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // No cause: a SyntaxError quotes the text around the fault, which may be a token.
      throw new CredentialFileError(file, "is not valid JSON");
    }
    const parsed = credentialsFile.safeParse(value);
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.map(String).join(".") ?? "";
      throw new CredentialFileError(file, `is not a credentials file (${where || "top level"} is wrong)`);
    }
    return parsed.data;
  };

  const write = async (content: CredentialsFile): Promise<void> => {
    const { mkdir, open, rename, rm } = await import("node:fs/promises");
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.${nodeCrypto().randomBytes(6).toString("hex")}.tmp`;
    // Created 0600 from the start ("wx": never through an existing file or link): never readable by others.
    const handle = await open(temporary, "wx", 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(content, null, 2)}\n`);
      await handle.sync();
    } catch (error) {
      await handle.close();
      await rm(temporary, { force: true });
      throw error;
    }
    await handle.close();
    await rename(temporary, file).catch(async (error: unknown) => {
      await rm(temporary, { force: true });
      throw error;
    });
  };

  return {
    file,
    async get(issuer) {
      await writing.catch(() => {});
      return (await read()).issuers[issuer];
    },
    set(issuer, credentials) {
      const next = writing
        .catch(() => {})
        .then(async () => {
          const content = await read();
          content.issuers[issuer] = definedOnly(credentials);
          await write(content);
        });
      writing = next;
      return next;
    },
  };
}

/** Drops `undefined` members, which JSON would drop anyway, so the schema sees what is stored. */
function definedOnly(credentials: StoredCredentials): z.infer<typeof storedCredentials> {
  return Object.fromEntries(
    Object.entries(credentials).filter(([, value]) => value !== undefined),
  ) as z.infer<typeof storedCredentials>;
}
