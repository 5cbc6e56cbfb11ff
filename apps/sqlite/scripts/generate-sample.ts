// `pnpm generate-sample [path]`: (re)writes the embedded sample shop database. The server also
// generates it on first use, so this is only needed to refresh it or to get a copy elsewhere.
import { fileURLToPath } from "node:url";
import { generateSampleDatabase, SAMPLE_DATABASE_PATH } from "../src/sample-database.js";

const path = process.argv[2] ?? fileURLToPath(SAMPLE_DATABASE_PATH);
const started = performance.now();
generateSampleDatabase(path);
console.log(`Wrote ${path} in ${Math.round(performance.now() - started)} ms`);
