import { ToolError } from "@mcpkit/core";

/** A request target inside an upstream: an absolute path under its base path, and a query. */
export interface UpstreamTarget {
  path: string;
  query: URLSearchParams;
}

const hasControl = (text: string) =>
  [...text].some((character) => {
    const code = character.charCodeAt(0);
    return code < 0x20 || code === 0x7f;
  });
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
/** Characters a path segment may carry unencoded (RFC 3986 pchar minus "@", which we refuse). */
const SEGMENT_SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=:]/;

/**
 * Where a model-supplied endpoint (`/users/octocat/repos?per_page=5`) lands under an upstream's
 * base path. Anything that could leave it is refused rather than repaired: `..` and `.` segments
 * (also percent-encoded), empty segments (`//host`), encoded separators (`%2f`, `%5c`),
 * backslashes, absolute URLs, `@`, fragments and control characters. Each segment is decoded
 * once and re-encoded, so what reaches the upstream is exactly what was checked.
 */
export function resolveEndpoint(basePath: string, endpoint: string): UpstreamTarget {
  if (hasControl(endpoint)) throw refuse(endpoint, "it contains control characters");
  if (endpoint.includes("#")) throw refuse(endpoint, "it contains a fragment (#)");
  const queryAt = endpoint.indexOf("?");
  const pathPart = queryAt === -1 ? endpoint : endpoint.slice(0, queryAt);
  const query = new URLSearchParams(queryAt === -1 ? "" : endpoint.slice(queryAt + 1));
  if (pathPart.includes("\\")) throw refuse(endpoint, "it contains a backslash");
  if (SCHEME.test(pathPart)) throw refuse(endpoint, "give a path under the upstream, not a URL");
  if (pathPart.startsWith("//")) throw refuse(endpoint, "it starts with //, which names a host");
  if (pathPart.includes("@")) throw refuse(endpoint, 'it contains "@"');
  const raw = pathPart.replace(/^\//, "");
  const segments = raw === "" ? [] : raw.split("/");
  const checked = segments.map((segment, index) => {
    if (segment === "" && index < segments.length - 1) throw refuse(endpoint, "it has an empty segment (//)");
    const decoded = decodeSegment(endpoint, segment);
    if (decoded === "." || decoded === "..") throw refuse(endpoint, "it has a . or .. segment");
    if (/[/\\]/.test(decoded)) throw refuse(endpoint, "it has an encoded / or \\");
    if (hasControl(decoded)) throw refuse(endpoint, "it has an encoded control character");
    return encodeSegment(endpoint, decoded);
  });
  return { path: `${withTrailingSlash(basePath)}${checked.join("/")}`, query };
}

/**
 * Checks a redirect target (`Location`, resolved against the URL that answered) against the same
 * rules as a model's path: same origin as the upstream, under its base path, no credentials and no
 * encoded separators. Returns the target, or throws a ToolError saying why it was not followed.
 */
export function checkRedirect(base: URL, current: URL, location: string): UpstreamTarget {
  let target: URL;
  try {
    target = new URL(location, current);
  } catch (error) {
    throw new ToolError(`The upstream redirected to an invalid URL; not followed`, { cause: error });
  }
  if (target.origin !== base.origin || target.username || target.password || location.includes("\\")) {
    throw new ToolError(`The upstream redirected outside its base URL (${target.origin}); not followed`);
  }
  const basePath = withTrailingSlash(base.pathname);
  if (!`${target.pathname}/`.startsWith(basePath) || /%(?:2f|5c)/i.test(target.pathname)) {
    throw new ToolError("The upstream redirected outside its base path; not followed");
  }
  return { path: target.pathname, query: target.searchParams };
}

export function withTrailingSlash(path: string): string {
  return path.endsWith("/") ? path : `${path}/`;
}

function decodeSegment(endpoint: string, segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch (error) {
    throw refuse(endpoint, "it has malformed percent-encoding", error);
  }
}

function encodeSegment(endpoint: string, segment: string): string {
  let encoded = "";
  try {
    for (const character of segment) {
      encoded += SEGMENT_SAFE.test(character) ? character : encodeURIComponent(character);
    }
  } catch (error) {
    throw refuse(endpoint, "it is not valid Unicode", error);
  }
  return encoded;
}

function refuse(endpoint: string, why: string, cause?: unknown): ToolError {
  const shown = endpoint.length > 200 ? `${endpoint.slice(0, 200)}...` : endpoint;
  return new ToolError(
    `Path ${JSON.stringify(shown)} refused: ${why}`,
    cause === undefined ? undefined : { cause },
  );
}
