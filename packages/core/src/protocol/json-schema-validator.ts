import { createRequire } from "node:module";
import type { ErrorObject, Options, ValidateFunction } from "ajv";
import type { JsonSchema } from "./schema.js";

/** What is wrong with a value, one `where: what` per problem, or undefined when it is valid. */
export type JsonSchemaCheck = (value: unknown) => string | undefined;

interface AjvLike {
  compile(schema: JsonSchema): ValidateFunction;
  removeSchema(schema: JsonSchema): unknown;
}

type Dialect = "2020-12" | "draft-07";

/**
 * The dialects we validate. MCP says a schema without `$schema` is 2020-12; draft-07 is what the
 * SDK v1 servers declare (zod-to-json-schema), whose tools a proxy mirrors. One Ajv instance
 * cannot hold both, so each has its own.
 */
const DIALECTS: Record<string, Dialect> = {
  "https://json-schema.org/draft/2020-12/schema": "2020-12",
  "http://json-schema.org/draft-07/schema": "draft-07",
};

// Loaded on first use with require (Ajv is CommonJS): importing Ajv and compiling its first schema
// took ~180 ms on a busy 2-core machine, which a server without raw JSON Schema tools never pays.
const load = createRequire(import.meta.url);
const instances = new Map<Dialect, AjvLike>();

function ajvFor(dialect: Dialect): AjvLike {
  let ajv = instances.get(dialect);
  if (ajv) return ajv;
  const Ajv = (
    load(dialect === "2020-12" ? "ajv/dist/2020" : "ajv") as { default: new (options: Options) => AjvLike }
  ).default;
  const addFormats = (load("ajv-formats") as { default: (ajv: AjvLike) => void }).default;
  // Not strict: schemas from OpenAPI documents and other servers carry keywords (`example`,
  // `nullable`, `x-...`) and formats (`int32`) that are not JSON Schema's; they are ignored.
  ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  addFormats(ajv);
  instances.set(dialect, ajv);
  return ajv;
}

/**
 * Compiles a JSON Schema (2020-12 unless its `$schema` says draft-07) with Ajv, once. Throws an
 * `Error` saying what is wrong when the schema is not valid.
 */
export function compileJsonSchema(schema: JsonSchema): JsonSchemaCheck {
  const declared = typeof schema.$schema === "string" ? schema.$schema.replace(/#$/, "") : undefined;
  const dialect = declared === undefined ? "2020-12" : DIALECTS[declared];
  if (!dialect) {
    throw new Error(
      `$schema ${declared} is not supported: use JSON Schema 2020-12 (the default) or draft-07`,
    );
  }
  const ajv = ajvFor(dialect);
  const validate = ajv.compile(schema);
  // The compiled function keeps what it needs; dropping the schema from Ajv's cache lets two tools
  // share an `$id`, and a removed tool's schema be collected.
  ajv.removeSchema(schema);
  return (value) => (validate(value) ? undefined : describeErrors(validate.errors ?? []));
}

/** In the form `describeIssues` gives zod's issues: `address.city: must be string`. */
function describeErrors(errors: readonly ErrorObject[]): string {
  return errors
    .map((error) => {
      const path =
        error.instancePath === "" ? [] : error.instancePath.slice(1).split("/").map(pointerSegment);
      const { missingProperty, additionalProperty } = error.params as Record<string, unknown>;
      if (error.keyword === "required" && typeof missingProperty === "string") {
        return `${[...path, missingProperty].join(".")}: Required`;
      }
      const where = path.length > 0 ? path.join(".") : "(input)";
      const extra = typeof additionalProperty === "string" ? ` (${JSON.stringify(additionalProperty)})` : "";
      return `${where}: ${error.message ?? error.keyword}${extra}`;
    })
    .join("; ");
}

/** JSON Pointer escapes (RFC 6901). */
function pointerSegment(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}
