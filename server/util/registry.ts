/** Members grouped by key; a key whose last member leaves is forgotten, so churn does not grow the map. */
export class Registry<K, V> {
  readonly #sets = new Map<K, Set<V>>();

  /** Adds a member; returns the function that removes it again. */
  add(key: K, member: V): () => void {
    let set = this.#sets.get(key);
    if (!set) this.#sets.set(key, (set = new Set()));
    set.add(member);
    return () => {
      set.delete(member);
      if (set.size === 0 && this.#sets.get(key) === set) this.#sets.delete(key);
    };
  }

  /** A copy, safe to iterate while members come and go. */
  members(key: K): V[] {
    return [...(this.#sets.get(key) ?? [])];
  }

  delete(key: K): void {
    this.#sets.delete(key);
  }

  clear(): void {
    this.#sets.clear();
  }
}
