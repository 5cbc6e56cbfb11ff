import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import sharp from "sharp";
import { connect, type Driver } from "../harness/driver.js";
import { logPath } from "../harness/launch.js";
import { type Bound, closedLoop, sequentialLatency } from "../harness/measure.js";
import { type ContenderResult, type Metrics, type RoundContender, runRounds } from "../harness/results.js";
import type { BenchOptions } from "../options.js";

const APPS_DIR = fileURLToPath(new URL("../../../apps/", import.meta.url));
const FILESYSTEM_SERVER = fileURLToPath(
  import.meta.resolve("@modelcontextprotocol/server-filesystem/dist/index.js"),
);
const ROWS = 100_000;
const IMAGES = 8;

interface Contender extends RoundContender {
  measure(): Promise<Metrics>;
}

interface Fixture {
  dir: string;
  database: string;
  images: string;
  files: string;
}

/**
 * The reference apps doing real work, each against the same work done by calling the library
 * directly in this process: what MCP (framing, validation, a process hop) adds on top.
 */
export async function runApps(
  options: BenchOptions,
  log: (line: string) => void,
): Promise<ContenderResult[]> {
  const fixture = await createFixture();
  const scale = options.quick ? 0.4 : 1;
  const bound = (count: number, ms: number): Bound => ({ count, ms: Math.round(ms * scale) });
  try {
    const contenders = [
      ...sqliteContenders(fixture, bound(20_000, 1_500)),
      ...thumbnailContenders(fixture, bound(2_000, 3_000)),
      ...fileContenders(fixture, bound(5_000, 700)),
    ].filter((contender) => options.filter(contender.id));
    return await runRounds("apps", contenders, options.rounds, (contender) => contender.measure(), log);
  } finally {
    rmSync(fixture.dir, { recursive: true, force: true });
  }
}

async function createFixture(): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), "mcpkit-bench-"));
  const database = join(dir, "bench.db");
  const db = new Database(database);
  db.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, value REAL NOT NULL)");
  const insert = db.prepare("INSERT INTO items (id, name, value) VALUES (?, ?, ?)");
  db.transaction(() => {
    for (let id = 1; id <= ROWS; id++) insert.run(id, `item ${id}`, id * 1.5);
  })();
  db.close();

  const images = join(dir, "images");
  mkdirSync(images);
  for (let index = 0; index < IMAGES; index++) {
    const width = 1920;
    const height = 1280;
    const pixels = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const offset = (y * width + x) * 3;
        pixels[offset] = (x * (index + 1)) & 255;
        pixels[offset + 1] = (y * 3 + index * 40) & 255;
        pixels[offset + 2] = ((x ^ y) + index * 17) & 255;
      }
    }
    await sharp(pixels, { raw: { width, height, channels: 3 } })
      .jpeg({ quality: 85 })
      .toFile(join(images, `photo-${index}.jpg`));
  }

  const files = join(dir, "files");
  mkdirSync(join(files, "many"), { recursive: true });
  writeFileSync(join(files, "4k.txt"), "0123456789abcdef\n".repeat(4096 / 17 + 1).slice(0, 4096));
  writeFileSync(
    join(files, "1m.txt"),
    "0123456789abcdef\n".repeat((1024 * 1024) / 17 + 1).slice(0, 1024 * 1024),
  );
  for (let index = 0; index < 1000; index++)
    writeFileSync(join(files, "many", `file-${index}.txt`), `${index}\n`);
  return { dir, database, images, files };
}

/** Spawns an app's `src/main.ts` on stdio the way its tests do (tsx, source condition). */
function connectApp(app: string, flags: string[]): Promise<Driver> {
  return connect(
    {
      kind: "stdio",
      command: {
        command: process.execPath,
        args: ["--conditions=@mcpkit/source", "--import", "tsx", "src/main.ts", ...flags],
        cwd: join(APPS_DIR, app),
        stderrPath: logPath(`app-${app}`),
      },
    },
    "minimal",
  );
}

async function withDriver(driver: Driver, use: (driver: Driver) => Promise<Metrics>): Promise<Metrics> {
  try {
    return await use(driver);
  } finally {
    await driver.close();
  }
}

function expectOk(result: Record<string, unknown>, what: string): Record<string, unknown> {
  if (result.isError) {
    const text = (result.content as Array<{ text?: string }> | undefined)?.[0]?.text;
    throw new Error(`${what} failed: ${text ?? JSON.stringify(result).slice(0, 200)}`);
  }
  return result;
}

/** Point queries by primary key, one at a time: latency is what a model's tool call waits for. */
function sqliteContenders(fixture: Fixture, bound: Bound): Contender[] {
  const sql = "SELECT id, name, value FROM items WHERE id = ?";
  let next = 0;
  /** Walks the ids in a scattered order, so no query repeats the last one's page. */
  const nextId = () => {
    next = (next * 7919 + 1) % ROWS;
    return next + 1;
  };
  const pointQuery = async (query: (id: number) => Promise<unknown[] | undefined>): Promise<Metrics> => {
    const id = nextId();
    const row = await query(id);
    if (!row || row[0] !== id) throw new Error(`point query for ${id} returned ${JSON.stringify(row)}`);
    for (let i = 0; i < 200; i++) await query(nextId());
    const latency = await sequentialLatency(() => query(nextId()), bound);
    const { perSecond } = await closedLoop(() => query(nextId()), 1, bound);
    return { meanMs: 1000 / perSecond, p50Ms: latency.p50, p99Ms: latency.p99, opsPerSecond: perSecond };
  };
  return [
    {
      id: "sqlite-mcp",
      label: "SQLite point query: apps/sqlite `query` over stdio",
      measure: async () =>
        withDriver(await connectApp("sqlite", ["--db", fixture.database, "--log-level", "info"]), (driver) =>
          pointQuery(async (id) => {
            const result = expectOk(await driver.callTool("query", { sql, params: [id] }), "query");
            return ((result.structuredContent as { rows: unknown[][] }).rows ?? [])[0];
          }),
        ),
    },
    {
      id: "sqlite-direct",
      label: "SQLite point query: better-sqlite3 in process",
      measure: async () => {
        const db = new Database(fixture.database, { readonly: true });
        try {
          const statement = db.prepare(sql).raw();
          return await pointQuery(async (id) => statement.get(id) as unknown[] | undefined);
        } finally {
          db.close();
        }
      },
    },
  ];
}

/** 256 px WebP thumbnails of 1920x1280 JPEGs, 2 in flight (the app's default concurrency here). */
function thumbnailContenders(fixture: Fixture, bound: Bound): Contender[] {
  const names = readdirSafe(fixture.images);
  let next = 0;
  const nextName = () => names[next++ % names.length] as string;
  const rate = async (make: (name: string) => Promise<void>): Promise<Metrics> => {
    for (let i = 0; i < 4; i++) await make(nextName());
    const { perSecond } = await closedLoop(() => make(nextName()), 2, bound);
    return { opsPerSecond: perSecond, meanMs: 2000 / perSecond };
  };
  return [
    {
      id: "thumbnail-mcp",
      label: "thumbnails: apps/thumbnail `create_thumbnail` over stdio",
      measure: async () =>
        withDriver(await connectApp("thumbnail", ["--root", fixture.images]), (driver) =>
          rate(async (name) => {
            const result = expectOk(
              await driver.callTool("create_thumbnail", { image: { path: name }, width: 256 }),
              "create_thumbnail",
            );
            const image = (result.content as Array<{ type: string; data?: string }>)[0];
            if (image?.type !== "image" || !image.data) throw new Error("create_thumbnail returned no image");
          }),
        ),
    },
    {
      id: "thumbnail-direct",
      label: "thumbnails: sharp in process (same pipeline and settings)",
      measure: async () => {
        sharp.cache(false);
        sharp.concurrency(1);
        return rate(async (name) => {
          const bytes = await readFile(join(fixture.images, name));
          const output = await sharp(bytes, {
            failOn: "error",
            limitInputPixels: 40_000_000,
            pages: 1,
            page: 0,
          })
            .rotate()
            .resize({ width: 256, fit: "inside", withoutEnlargement: true })
            .webp({ quality: 80 })
            .toBuffer();
          if (output.length === 0) throw new Error("sharp wrote nothing");
        });
      },
    },
  ];
}

/** Reading a 4 KiB and a 1 MiB text file and listing 1000 entries, one call at a time. */
function fileContenders(fixture: Fixture, bound: Bound): Contender[] {
  const many = join(fixture.files, "many");
  const latencies = async (
    read4k: () => Promise<number>,
    read1m: () => Promise<number>,
    list: () => Promise<number>,
  ): Promise<Metrics> => {
    if ((await read4k()) < 4096 || (await read1m()) < 1024 * 1024 || (await list()) < 1000) {
      throw new Error("a read or listing came back short");
    }
    const mean = async (work: () => Promise<number>) => {
      for (let i = 0; i < 20; i++) await work();
      return 1000 / (await closedLoop(work, 1, bound)).perSecond;
    };
    return { read4kMs: await mean(read4k), read1mMs: await mean(read1m), list1000Ms: await mean(list) };
  };
  const text = (result: Record<string, unknown>, what: string) =>
    ((expectOk(result, what).content as Array<{ text?: string }>)[0]?.text ?? "").length;
  const lines = (result: Record<string, unknown>, what: string) =>
    ((expectOk(result, what).content as Array<{ text?: string }>)[0]?.text ?? "").split("\n").filter(Boolean)
      .length;
  return [
    {
      id: "files-mcpkit",
      label: "files: apps/file-manager over stdio",
      measure: async () =>
        withDriver(
          await connectApp("file-manager", ["--root", fixture.files, "--max-entries", "5000"]),
          (driver) =>
            latencies(
              async () => text(await driver.callTool("read_text", { path: "4k.txt" }), "read_text"),
              async () => text(await driver.callTool("read_text", { path: "1m.txt" }), "read_text"),
              async () => {
                const result = expectOk(
                  await driver.callTool("list_directory", { path: "many" }),
                  "list_directory",
                );
                const structured = result.structuredContent as { entries?: unknown[] } | undefined;
                return structured?.entries?.length ?? lines(result, "list_directory");
              },
            ),
        ),
    },
    {
      id: "files-official",
      label: "files: official @modelcontextprotocol/server-filesystem over stdio",
      measure: async () => {
        const driver = await connect(
          {
            kind: "stdio",
            command: {
              command: process.execPath,
              args: [FILESYSTEM_SERVER, fixture.files],
              stderrPath: logPath("server-filesystem"),
            },
          },
          "minimal",
        );
        return withDriver(driver, (session) =>
          latencies(
            async () =>
              text(await session.callTool("read_text_file", { path: join(fixture.files, "4k.txt") }), "read"),
            async () =>
              text(await session.callTool("read_text_file", { path: join(fixture.files, "1m.txt") }), "read"),
            async () => lines(await session.callTool("list_directory", { path: many }), "list_directory"),
          ),
        );
      },
    },
    {
      id: "files-direct",
      label: "files: node:fs in process",
      measure: () =>
        latencies(
          async () => (await readFile(join(fixture.files, "4k.txt"), "utf8")).length,
          async () => (await readFile(join(fixture.files, "1m.txt"), "utf8")).length,
          async () => (await readdir(many, { withFileTypes: true })).length,
        ),
    },
  ];
}

function readdirSafe(dir: string): string[] {
  return readdirSync(dir).sort();
}
