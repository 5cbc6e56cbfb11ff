import { describe, expect, it } from "vitest";
import { scanSql } from "./sql-lexer.js";

describe("scanSql", () => {
  it.each([
    ["SELECT 1", "SELECT", 1],
    ["  select 1;  ", "SELECT", 1],
    ["/* DELETE */ select 1 -- ; DROP\n", "SELECT", 1],
    ["-- x\n/* y */WITH a AS (SELECT 1) SELECT * FROM a", "WITH", 1],
    ["SELECT 'it''s; fine'", "SELECT", 1],
    ['SELECT "a;b", `c;d`, [e;f] FROM t', "SELECT", 1],
    ["SELECT 1; SELECT 2", "SELECT", 2],
    ["SELECT 1;;  ; -- done", "SELECT", 1],
    ["SELECT 'unterminated; DELETE FROM t", "SELECT", 1],
    ["SELECT 1 /* unterminated ; DELETE", "SELECT", 1],
    ["pRaGmA query_only = off", "PRAGMA", 1],
    ["(SELECT 1)", "", 1],
    ["\u00a0PRAGMA query_only = off", "\u00a0PRAGMA", 1],
    ["", "", 0],
    [" ; -- nothing", "", 0],
  ])("%j starts with %j and holds %i statement(s)", (sql, firstKeyword, statementCount) => {
    expect(scanSql(sql)).toEqual({ firstKeyword, statementCount });
  });
});
