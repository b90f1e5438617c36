/**
 * localStorage that may be blocked (sandboxed iframes, privacy modes, full
 * quota): every access is guarded, and what cannot be stored is kept in memory
 * for the life of the page instead.
 */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The page's localStorage, or null when even reading the property throws. */
export function defaultStorage(): StorageLike | null {
  try {
    return (globalThis as { localStorage?: StorageLike }).localStorage ?? null;
  } catch (err) {
    console.warn('[baton] localStorage is blocked; keeping state in memory', err);
    return null;
  }
}

export function safeStorage(storage: StorageLike | null): StorageLike {
  // A memory value (null = removed) wins over the backing store once written,
  // so a failed write never lets an older stored value come back.
  const memory = new Map<string, string | null>();
  let warned = false;
  const fail = (what: string, err: unknown) => {
    if (warned) return;
    warned = true;
    console.warn(`[baton] localStorage ${what} failed; keeping state in memory`, err);
  };
  return {
    getItem(key) {
      if (memory.has(key)) return memory.get(key) ?? null;
      if (!storage) return null;
      try {
        return storage.getItem(key);
      } catch (err) {
        fail('read', err);
        return null;
      }
    },
    setItem(key, value) {
      memory.set(key, value);
      if (!storage) return;
      try {
        storage.setItem(key, value);
      } catch (err) {
        fail('write', err);
      }
    },
    removeItem(key) {
      memory.set(key, null);
      if (!storage) return;
      try {
        storage.removeItem(key);
      } catch (err) {
        fail('remove', err);
      }
    },
  };
}
