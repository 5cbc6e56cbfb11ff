/** Past this many live nonces the oldest are forgotten first: memory stays bounded under a flood. */
const MAX_REMEMBERED = 200_000;

/**
 * The request-state nonces this process has accepted, each until its state expires, so that a
 * state completes at most one retry. Per process: across replicas the state's expiry bounds
 * replay (the spec asks for no more). States are sealed with one lifetime, so nonces expire in
 * the order they were added and pruning only ever looks at the oldest.
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /** False when the nonce was already consumed; otherwise remembers it until `expiresAt`. */
  consume(nonce: string, expiresAt: number): boolean {
    this.prune();
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, expiresAt);
    return true;
  }

  private prune(): void {
    const now = this.now();
    for (const [nonce, expiresAt] of this.seen) {
      if (expiresAt > now && this.seen.size < MAX_REMEMBERED) return;
      this.seen.delete(nonce);
    }
  }
}
