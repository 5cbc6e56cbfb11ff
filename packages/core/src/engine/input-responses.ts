import { McpError } from "../errors.js";
import { ErrorCode } from "../protocol/messages.js";
import type { InputMethod } from "../server/input-round.js";

/** The most answers one retry may carry. */
export const MAX_INPUT_RESPONSES = 64;
/** The most characters the serialized `inputResponses` of one retry may take. */
export const MAX_INPUT_RESPONSES_CHARS = 1024 * 1024;

export type InputResponses = Record<string, Record<string, unknown>>;

/**
 * A retry's `inputResponses`, checked as a whole: an object of objects within the caps. Keys the
 * server never asked are left in and ignored later (the spec's rule for unrecognized answers).
 */
export function checkInputResponses(value: unknown): InputResponses | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) throw invalid("inputResponses must be an object mapping input keys to results");
  const keys = Object.keys(value);
  if (keys.length > MAX_INPUT_RESPONSES) {
    throw invalid(`inputResponses has ${keys.length} entries; at most ${MAX_INPUT_RESPONSES} are accepted`);
  }
  for (const key of keys) {
    if (!isObject(value[key])) throw invalid(`inputResponses["${key}"] must be a result object`);
  }
  const size = JSON.stringify(value).length;
  if (size > MAX_INPUT_RESPONSES_CHARS) {
    throw invalid(
      `inputResponses takes ${size} characters; at most ${MAX_INPUT_RESPONSES_CHARS} are accepted`,
    );
  }
  return value as InputResponses;
}

/** Throws -32602 unless `answer` has the shape of the result `method` returns. */
export function checkAnswer(method: InputMethod, key: string, answer: Record<string, unknown>): void {
  const problem = answerProblem(method, answer);
  if (problem !== undefined) throw invalid(`inputResponses["${key}"] is not a ${method} result: ${problem}`);
}

function answerProblem(method: InputMethod, answer: Record<string, unknown>): string | undefined {
  switch (method) {
    case "elicitation/create": {
      const { action, content } = answer;
      if (action !== "accept" && action !== "decline" && action !== "cancel")
        return 'action must be "accept", "decline" or "cancel"';
      if (content !== undefined && !isObject(content)) return "content must be an object";
      return undefined;
    }
    case "sampling/createMessage": {
      const { role, content } = answer;
      if (typeof role !== "string") return "role must be a string";
      if (!isObject(content) && !Array.isArray(content))
        return "content must be a content block or a list of them";
      return undefined;
    }
    case "roots/list": {
      const { roots } = answer;
      if (!Array.isArray(roots)) return "roots must be a list";
      if (!roots.every((root) => isObject(root) && typeof root.uri === "string"))
        return "every root needs a string uri";
      return undefined;
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function invalid(message: string): McpError {
  return new McpError(ErrorCode.InvalidParams, message);
}
