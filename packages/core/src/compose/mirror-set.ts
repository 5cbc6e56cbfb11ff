/** Something mirrored onto a server that can be taken off it again. */
interface Removable {
  remove(): void;
}

/**
 * Keeps a server's copies of another server's components in step with their sources: after
 * `sync`, exactly one mirror exists per source, and a source that changed (by `same`) is
 * mirrored afresh. Stale mirrors go first, so a replaced component can reuse its name.
 */
export class MirrorSet<S> {
  private readonly entries = new Map<string, { source: S; mirror: Removable }>();

  constructor(private readonly same: (a: S, b: S) => boolean = Object.is) {}

  sync(sources: Iterable<readonly [key: string, source: S]>, mirror: (source: S) => Removable): void {
    const wanted = new Map(sources);
    for (const [key, entry] of this.entries) {
      const source = wanted.get(key);
      if (source !== undefined && this.same(source, entry.source)) continue;
      this.entries.delete(key);
      entry.mirror.remove();
    }
    for (const [key, source] of wanted) {
      if (!this.entries.has(key)) this.entries.set(key, { source, mirror: mirror(source) });
    }
  }
}
