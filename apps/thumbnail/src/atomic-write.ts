import { randomBytes } from "node:crypto";
import { link, rename, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

export class FileExistsError extends Error {
  override name = "FileExistsError";
}

/**
 * Writes a file so that readers see either nothing or the whole file: the bytes go to a private
 * temporary file beside the target first. Without `overwrite`, the temporary file is hard-linked
 * into place, which fails atomically if the target exists (no check-then-write race).
 */
export async function writeFileAtomic(target: string, data: Uint8Array, overwrite: boolean): Promise<void> {
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
  await writeFile(temporary, data, { flag: "wx", mode: 0o644 });
  try {
    if (overwrite) {
      await rename(temporary, target);
      return;
    }
    try {
      await link(temporary, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST")
        throw new FileExistsError(target, { cause: error });
      throw error;
    }
    await unlink(temporary);
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw error;
  }
}
