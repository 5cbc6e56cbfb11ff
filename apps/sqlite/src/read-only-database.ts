import Database from "better-sqlite3";
import { scanSql } from "./sql-lexer.js";

/** An error the caller can act on, with SQLite's result code or one of ours (`MCPKIT_*`). */
export class QueryError extends Error {
  override name = "QueryError";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** sqlite3_hard_heap_limit64 for the query process: a huge zeroblob() fails instead of exhausting memory. */
const HEAP_LIMIT_BYTES = 512 * 1024 * 1024;

/** Statements that can begin a query. Everything else (PRAGMA, ATTACH, EXPLAIN, DML, DDL) is refused. */
const QUERY_KEYWORDS = new Set(["SELECT", "WITH", "VALUES"]);

/**
 * Opens a database file for reading only, in depth: the file handle is read-only and must exist,
 * `query_only` stops writes even to temp tables, `trusted_schema` off keeps the file's views and
 * triggers from calling risky functions, and integers come back as bigints.
 */
export function openReadOnlyDatabase(path: string): Database.Database {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    db.pragma("query_only = ON");
    db.pragma("trusted_schema = OFF");
    db.pragma(`hard_heap_limit = ${HEAP_LIMIT_BYTES}`);
    db.defaultSafeIntegers(true);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Whether the connection still has the settings `openReadOnlyDatabase` gave it. */
export function isStillReadOnly(db: Database.Database): boolean {
  return db.readonly && Number(db.pragma("query_only", { simple: true })) === 1;
}

/**
 * Compiles one query, or throws a `QueryError` saying why it is refused. The text gate runs first
 * because some PRAGMAs act while being compiled; then SQLite itself judges the compiled statement:
 * it must not write (sqlite3_stmt_readonly) and must return rows (which ATTACH, DETACH, VACUUM,
 * BEGIN and the rest do not).
 */
export function prepareQuery(db: Database.Database, sql: string): Database.Statement {
  let cache = preparedQueries.get(db);
  if (!cache) {
    cache = new Map();
    preparedQueries.set(db, cache);
  }
  const cached = cache.get(sql);
  if (cached) return cached;
  const statement = judgeQuery(db, sql);
  if (cache.size >= MAX_PREPARED_QUERIES) cache.delete(cache.keys().next().value!);
  cache.set(sql, statement);
  return statement;
}

/**
 * Queries that passed every gate, per connection, by SQL text: repeating a query skips the lexer and
 * SQLite's compiler. Safe to keep because a statement stays read-only whatever happens to the schema
 * (SQLite recompiles it when the schema changes) and each connection runs one query at a time.
 */
const preparedQueries = new WeakMap<Database.Database, Map<string, Database.Statement>>();
const MAX_PREPARED_QUERIES = 100;

function judgeQuery(db: Database.Database, sql: string): Database.Statement {
  const { firstKeyword, statementCount } = scanSql(sql);
  if (statementCount === 0)
    throw new QueryError("MCPKIT_EMPTY", "The SQL is empty: there is no statement to run.");
  if (statementCount > 1) {
    throw new QueryError(
      "MCPKIT_MULTIPLE_STATEMENTS",
      `Send exactly one statement: this SQL holds ${statementCount} statements separated by semicolons.`,
    );
  }
  if (!QUERY_KEYWORDS.has(firstKeyword)) {
    const what = firstKeyword ? `a ${firstKeyword} statement` : "this statement";
    const hint =
      firstKeyword === "PRAGMA"
        ? " For PRAGMA information use its table-valued form, e.g. SELECT * FROM pragma_table_info('orders')."
        : firstKeyword === "EXPLAIN"
          ? " Use the explain_query tool for query plans."
          : "";
    throw new QueryError(
      "MCPKIT_NOT_A_QUERY",
      `This server is read-only: only queries (SELECT, WITH ... SELECT, VALUES) run here, not ${what}.${hint}`,
    );
  }
  const statement = compile(db, sql);
  if (!statement.readonly) {
    throw new QueryError(
      "MCPKIT_WRITE_REFUSED",
      "SQLite reports that this statement would change the database, and this server is read-only.",
    );
  }
  if (!statement.reader) {
    throw new QueryError(
      "MCPKIT_NOT_A_QUERY",
      "This statement returns no rows, so it is not a query; it was not run.",
    );
  }
  return statement;
}

/** `db.prepare` with its errors as `QueryError`s carrying SQLite's code. */
export function compile(db: Database.Database, sql: string): Database.Statement {
  try {
    return db.prepare(sql);
  } catch (error) {
    // better-sqlite3 refuses a second statement with a TypeError before SQLite sees it.
    if (error instanceof TypeError) throw new QueryError("MCPKIT_MULTIPLE_STATEMENTS", error.message);
    throw toQueryError(error);
  }
}

/** Any error from better-sqlite3 as a `QueryError`: SQLite's message and result code, never a stack. */
export function toQueryError(error: unknown): QueryError {
  if (error instanceof QueryError) return error;
  if (error instanceof Database.SqliteError) return new QueryError(error.code, error.message);
  if (error instanceof RangeError || error instanceof TypeError)
    return new QueryError("MCPKIT_BAD_PARAMETERS", error.message);
  return new QueryError("MCPKIT_INTERNAL", error instanceof Error ? error.message : String(error));
}
