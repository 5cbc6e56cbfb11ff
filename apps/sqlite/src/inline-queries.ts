// Queries that SQLite's own bytecode proves cannot loop run here, in the server process, on a
// connection of their own. Everything else still goes to a query process (query-pool.ts), the only
// place a statement can be stopped. Skipping that hop makes a point lookup about ten times faster
// on a small VM, where waking another process costs tens of microseconds each way.
import type Database from "better-sqlite3";
import { bindings, type QueryJob, type QueryResult, runJob } from "./database-operations.js";
import { compile, isStillReadOnly, openReadOnlyDatabase, prepareQuery } from "./read-only-database.js";

/** One instruction of a compiled statement, as `EXPLAIN` lists it. */
export interface Instruction {
  opcode: string;
  p1: number;
  p2: number;
}

/**
 * Opcodes that do a bounded amount of work on values already in hand: no loops over rows, no
 * function calls (those include zeroblob(), printf() and LIKE), no sorting, no temporary tables,
 * no virtual tables, no subprograms. Anything not listed, including opcodes of future SQLite
 * versions, sends the query to a query process.
 */
const STRAIGHT_OPCODES = new Set([
  "Transaction",
  "TableLock",
  "OpenRead",
  "ColumnsUsed",
  "Variable",
  "Integer",
  "Int64",
  "Real",
  "String8",
  "String",
  "Null",
  "SoftNull",
  "Blob",
  "Copy",
  "SCopy",
  "IntCopy",
  "Move",
  "Rowid",
  "Column",
  "DeferredSeek",
  "IdxRowid",
  "NullRow",
  "Affinity",
  "RealAffinity",
  "Cast",
  "Concat",
  "Add",
  "Subtract",
  "Multiply",
  "Divide",
  "Remainder",
  "BitAnd",
  "BitOr",
  "BitNot",
  "ShiftLeft",
  "ShiftRight",
  "And",
  "Or",
  "Not",
  "IsTrue",
  "ZeroOrNull",
  "CollSeq",
  "ResultRow",
  "Halt",
  "Noop",
  "Explain",
]);

/**
 * Opcodes whose P2 is the address they may jump to. Each seeks or tests one value; none of them
 * steps through rows the way Next and Prev do.
 */
const JUMP_OPCODES = new Set([
  "Goto",
  "If",
  "IfNot",
  "IsNull",
  "NotNull",
  "Eq",
  "Ne",
  "Lt",
  "Le",
  "Gt",
  "Ge",
  "MustBeInt",
  "IfNullRow",
  "SeekRowid",
  "NotExists",
  "SeekGE",
  "SeekGT",
  "SeekLE",
  "SeekLT",
  "IdxGE",
  "IdxGT",
  "IdxLE",
  "IdxLT",
  "Found",
  "NotFound",
]);

/**
 * Whether a compiled statement runs each instruction at most once. SQLite's programs open with
 * `Init`, which jumps to a prologue (the transaction, constants) ending in a `Goto` back to
 * address 1. When that is the only backward jump, the prologue is never re-entered and every other
 * instruction is from the sets above, the work is bounded by the program's length and the size of
 * the rows it reads: a lookup by rowid, primary key or unique index, with plain expressions.
 */
export function isStraightLineProgram(program: readonly Instruction[]): boolean {
  const first = program[0];
  const last = program.at(-1);
  if (!first || !last || first.opcode !== "Init" || last.opcode !== "Goto" || last.p2 !== 1) return false;
  const prologue = first.p2;
  if (prologue < 1 || prologue > program.length - 1) return false;
  for (let address = 1; address < program.length - 1; address++) {
    const { opcode, p2 } = program[address]!;
    if (JUMP_OPCODES.has(opcode)) {
      // Forward only, and the body never jumps into the prologue (that would loop through it again).
      const end = address < prologue ? prologue : program.length - 1;
      if (p2 <= address || p2 >= end) return false;
    } else if (!STRAIGHT_OPCODES.has(opcode)) {
      return false;
    }
  }
  return true;
}

/** SQL longer than this always goes to a query process: even compiling it could take a while. */
const MAX_INLINE_SQL_CHARS = 1_000;
/** Verdicts remembered per SQL text; the oldest is forgotten first. */
const MAX_VERDICTS = 500;

/**
 * Runs straight-line queries (see `isStraightLineProgram`) on a read-only connection in this
 * process, and says `undefined` for every other query so the caller sends it to a query process.
 * Verdicts are remembered per SQL text until the schema changes; a database with `sqlite_stat4`
 * statistics is judged on every call, because there the plan may depend on the bound values.
 */
export class InlineQueries {
  private db: Database.Database | undefined;
  private readonly verdicts = new Map<string, boolean>();
  private schemaVersion: Database.Statement | undefined;
  private knownSchema = -1;
  private plansDependOnValues = false;
  private closed = false;

  constructor(private readonly databasePath: string) {}

  /** The query's result, or `undefined` when it must run in a query process. Throws a `QueryError`. */
  tryRun(job: QueryJob): QueryResult | undefined {
    if (this.closed || job.sql.length > MAX_INLINE_SQL_CHARS) return undefined;
    const db = this.connection();
    if (!db || !this.isStraightLine(db, job)) return undefined;
    try {
      return runJob(db, job) as QueryResult;
    } finally {
      if (!isStillReadOnly(db)) this.close();
    }
  }

  close(): void {
    this.closed = true;
    this.db?.close();
    this.db = undefined;
  }

  /** The connection, opened on first use; `undefined` when the file cannot be opened here. */
  private connection(): Database.Database | undefined {
    if (!this.db) {
      try {
        this.db = openReadOnlyDatabase(this.databasePath);
        this.schemaVersion = this.db.prepare("PRAGMA schema_version").pluck();
      } catch {
        // The query process will open it too, and report why it cannot.
        this.close();
        return undefined;
      }
    }
    return this.db;
  }

  private isStraightLine(db: Database.Database, job: QueryJob): boolean {
    const schema = Number(this.schemaVersion!.get());
    if (schema !== this.knownSchema) {
      this.verdicts.clear();
      this.knownSchema = schema;
      this.plansDependOnValues =
        db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_stat4'").get() !==
        undefined;
    }
    const known = this.verdicts.get(job.sql);
    if (known !== undefined) return known;
    let verdict: boolean;
    try {
      // prepareQuery applies every gate a query process applies before anything is compiled for EXPLAIN.
      prepareQuery(db, job.sql);
      const program = compile(db, `EXPLAIN ${job.sql}`)
        .safeIntegers(false)
        .all(...bindings(job.params)) as Instruction[];
      verdict = isStraightLineProgram(program);
    } catch {
      // Refused or malformed: the query process gives the same error the usual way.
      return false;
    }
    if (!this.plansDependOnValues) {
      if (this.verdicts.size >= MAX_VERDICTS) this.verdicts.delete(this.verdicts.keys().next().value!);
      this.verdicts.set(job.sql, verdict);
    }
    return verdict;
  }
}
