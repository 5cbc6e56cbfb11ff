/** What the lexer learns from SQL text before SQLite ever compiles it. */
export interface SqlShape {
  /** The first keyword, upper-cased ("SELECT", "WITH", "PRAGMA"...), or "" when there is none. */
  firstKeyword: string;
  /** Statements with any token in them; comments and lone semicolons do not count. */
  statementCount: number;
}

/**
 * Scans SQL the way SQLite's tokenizer does (whitespace, `--` and `/* *\/` comments, quoted
 * strings and identifiers), so comment and case tricks cannot hide the first keyword or a second
 * statement. It is a gate in front of `prepare`: some PRAGMAs take effect while being compiled.
 */
export function scanSql(sql: string): SqlShape {
  let firstKeyword = "";
  let statementCount = 0;
  let inStatement = false;
  let index = 0;
  const startToken = () => {
    if (!inStatement) statementCount += 1;
    inStatement = true;
  };
  while (index < sql.length) {
    const char = sql[index]!;
    const next = sql[index + 1];
    if (" \t\n\f\r".includes(char)) {
      index += 1;
    } else if (char === "-" && next === "-") {
      const end = sql.indexOf("\n", index);
      index = end === -1 ? sql.length : end + 1;
    } else if (char === "/" && next === "*") {
      const end = sql.indexOf("*/", index + 2);
      index = end === -1 ? sql.length : end + 2;
    } else if (char === ";") {
      inStatement = false;
      index += 1;
    } else if (char === "'" || char === '"' || char === "`" || char === "[") {
      startToken();
      index = skipQuoted(sql, index, char === "[" ? "]" : char);
    } else if (/[A-Za-z_\u0080-\uffff]/.test(char)) {
      const match = /^[A-Za-z0-9_$\u0080-\uffff]+/.exec(sql.slice(index))!;
      if (statementCount === 0) firstKeyword = match[0].toUpperCase();
      startToken();
      index += match[0].length;
    } else {
      startToken();
      index += 1;
    }
  }
  return { firstKeyword, statementCount };
}

/** Index just past a quoted token; a doubled closing quote is an escaped one (not for `[...]`). */
function skipQuoted(sql: string, start: number, close: string): number {
  let index = start + 1;
  while (index < sql.length) {
    if (sql[index] === close) {
      if (close !== "]" && sql[index + 1] === close) index += 2;
      else return index + 1;
    } else {
      index += 1;
    }
  }
  return sql.length;
}
