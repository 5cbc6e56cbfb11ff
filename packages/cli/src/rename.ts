/** The spellings of a kebab-case name in code: `file-manager`, `file_manager`, `fileManager`, `FileManager`, `FILE_MANAGER`. */
export interface NameForms {
  kebab: string;
  snake: string;
  camel: string;
  pascal: string;
  upper: string;
}

export function nameForms(kebab: string): NameForms {
  const words = kebab.split("-");
  const capitalised = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1));
  return {
    kebab,
    snake: words.join("_"),
    camel: (words[0] ?? "") + capitalised.slice(1).join(""),
    pascal: capitalised.join(""),
    upper: words.join("_").toUpperCase(),
  };
}

/** Strings, comments and regular expression literals (a `/` after an operator or bracket starts one). */
const STRING_OR_COMMENT =
  /("(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`|\/\/[^\n]*|\/\*[\s\S]*?\*\/|(?<=[(,=:[!&|?{};]\s*)\/(?![*/])(?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n])+\/[dgimsuvy]*)/;

/**
 * Rewrites every spelling of `from` to the same spelling of `to`. A lowercase one-word name is
 * ambiguous, so its context decides: beside `_` it is snake_case, in code an identifier
 * (camelCase), in strings, comments and prose kebab-case.
 */
export function renameText(text: string, from: NameForms, to: NameForms, code: boolean): string {
  if (!code) return replaceForms(text, from, to, false);
  return text
    .split(STRING_OR_COMMENT)
    .map((part, index) => replaceForms(part, from, to, index % 2 === 0))
    .join("");
}

function replaceForms(text: string, from: NameForms, to: NameForms, identifiers: boolean): string {
  let result = text
    .replace(bounded(from.pascal, "A-Z", "a-z0-9"), to.pascal)
    .replace(bounded(from.upper, "A-Z0-9", "A-Z0-9"), to.upper);
  if (from.kebab !== from.snake) {
    result = result
      .replace(bounded(from.kebab, "A-Za-z0-9", "a-z0-9"), to.kebab)
      .replace(bounded(from.snake, "A-Za-z0-9", "a-z0-9"), to.snake)
      .replace(bounded(from.camel, "A-Za-z0-9", "a-z0-9"), to.camel);
    return result;
  }
  return result.replace(
    bounded(from.kebab, "A-Za-z0-9", "a-z0-9"),
    (_match, offset: number, whole: string) => {
      const before = whole[offset - 1];
      const after = whole[offset + from.kebab.length];
      if (before === "_" || after === "_") return to.snake;
      return identifiers ? to.camel : to.kebab;
    },
  );
}

/** `word` not glued to the letters around it (a camelCase boundary counts as a boundary). */
function bounded(word: string, before: string, after: string): RegExp {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![${before}])${escaped}(?![${after}])`, "g");
}
