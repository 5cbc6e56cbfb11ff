// Packs every published workspace package once: node scripts/pack.mjs [destination]
// `pnpm pack` is what publishing uploads: it applies publishConfig (exports without the
// `@mcpkit/source` condition) and turns `workspace:` and `catalog:` ranges into versions. Prints
// each tarball's packed and unpacked size; scripts/check-packages.mjs and pack-and-run.mjs use it.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

export const root = fileURLToPath(new URL("..", import.meta.url));

/** Workspace packages that are published: every one under packages/ and apps/ that is not private. */
export function publishedPackages() {
  const found = [];
  for (const parent of ["packages", "apps"]) {
    for (const name of readdirSync(join(root, parent)).sort()) {
      const dir = join(root, parent, name);
      let manifest;
      try {
        manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      } catch {
        continue;
      }
      if (!manifest.private) found.push({ name: manifest.name, version: manifest.version, dir, manifest });
    }
  }
  return found;
}

/** Total size of the files in a .tgz: the sizes in its tar headers (512-byte blocks, octal sizes). */
export function unpackedSize(tarball) {
  const tar = gunzipSync(readFileSync(tarball));
  let total = 0;
  for (let offset = 0; offset + 512 <= tar.length; ) {
    if (tar[offset] === 0) break;
    const size =
      Number.parseInt(
        tar
          .subarray(offset + 124, offset + 136)
          .toString("latin1")
          .trim(),
        8,
      ) || 0;
    const type = String.fromCharCode(tar[offset + 156] || 48);
    if (type === "0") total += size;
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return total;
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/** Packs each published package into `destination` (emptied first); returns one record a package. */
export function packAll(destination = join(root, ".pack")) {
  rmSync(destination, { recursive: true, force: true });
  mkdirSync(destination, { recursive: true });
  return publishedPackages().map((pkg) => {
    const before = new Set(readdirSync(destination));
    execFileSync("pnpm", ["pack", "--pack-destination", destination], {
      cwd: pkg.dir,
      stdio: ["ignore", "ignore", "inherit"],
    });
    const file = readdirSync(destination).find((entry) => !before.has(entry) && entry.endsWith(".tgz"));
    if (!file) throw new Error(`pnpm pack wrote no tarball for ${pkg.name}`);
    const tarball = join(destination, file);
    return { ...pkg, tarball, packed: statSync(tarball).size, unpacked: unpackedSize(tarball) };
  });
}

/** One line a tarball: name, packed and unpacked size. */
export function printSizes(packs, write = (line) => process.stderr.write(`${line}\n`)) {
  const width = Math.max(...packs.map((pack) => pack.name.length));
  for (const pack of packs)
    write(
      `${pack.name.padEnd(width)}  packed ${kb(pack.packed).padStart(10)}  unpacked ${kb(pack.unpacked)}`,
    );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const packs = packAll(process.argv[2] ? resolve(process.argv[2]) : undefined);
  printSizes(packs, (line) => process.stdout.write(`${line}\n`));
}
