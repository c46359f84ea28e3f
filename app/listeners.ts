/** A set of listeners whose failures never reach the emitter (a host's bug must not stop a renewal). */
export class Listeners<T> {
  private readonly set = new Set<(event: T) => void>();

  add(listener: (event: T) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }

  /** Whether anyone listens: work done only to emit (building a view) can be skipped otherwise. */
  get size(): number {
    return this.set.size;
  }

  emit(event: T): void {
    for (const listener of this.set) {
      try {
        listener(event);
      } catch {
        // Reported nowhere on purpose: listeners own their errors.
      }
    }
  }

  clear(): void {
    this.set.clear();
  }
}
