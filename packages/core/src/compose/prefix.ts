const PREFIX = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export function checkPrefix(prefix: string): void {
  if (!PREFIX.test(prefix)) {
    throw new TypeError(
      `Invalid mount prefix "${prefix}": use letters, digits, "_", "-" or "." (at most 64)`,
    );
  }
}

/** `prefix_name`: a mounted tool's or prompt's name. */
export function prefixName(prefix: string, name: string): string {
  return `${prefix}_${name}`;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):(?:\/\/)?/;

/**
 * A mounted resource's URI or template: the prefix becomes the first path segment after the
 * scheme, so the URI keeps its scheme and stays a valid template
 * (`weather://{city}/forecast` -> `weather://wx/{city}/forecast`, `urn:a:b` -> `urn://wx/a:b`).
 */
export function prefixUri(prefix: string, uri: string): string {
  const scheme = SCHEME.exec(uri);
  if (!scheme) return `${prefix}/${uri}`;
  return `${scheme[1]}://${prefix}/${uri.slice(scheme[0].length)}`;
}

/** The URIs `prefixUri` could have made `uri` from (with and without `//`), or none if not under `prefix`. */
export function unprefixUri(prefix: string, uri: string): string[] {
  const found = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s.exec(uri);
  if (!found) return uri.startsWith(`${prefix}/`) ? [uri.slice(prefix.length + 1)] : [];
  const [, scheme, rest = ""] = found;
  if (!rest.startsWith(`${prefix}/`)) return [];
  const tail = rest.slice(prefix.length + 1);
  return [`${scheme}://${tail}`, `${scheme}:${tail}`];
}
