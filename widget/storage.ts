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
  // Used only for keys the backing store could not take (null = removed): a
  // failed write must not let an older stored value come back. Otherwise every
  // read goes to the backing store, so this tab sees what other tabs wrote.
  const memory = new Map<string, string | null>();
  let warned = false;
  const fail = (what: string, err: unknown) => {
    if (warned) return;
    warned = true;
    console.warn(`[baton] localStorage ${what} failed; keeping state in memory`, err);
  };
  const write = (key: string, value: string | null) => {
    if (storage) {
      try {
        if (value === null) storage.removeItem(key);
        else storage.setItem(key, value);
        memory.delete(key);
        return;
      } catch (err) {
        fail(value === null ? 'remove' : 'write', err);
      }
    }
    memory.set(key, value);
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
    setItem: (key, value) => write(key, value),
    removeItem: (key) => write(key, null),
  };
}
