import { afterEach, describe, expect, it, vi } from 'vitest';
import { safeStorage, type StorageLike } from './storage.ts';

class MapStorage implements StorageLike {
  readonly map = new Map<string, string>();
  failWrites = false;
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    if (this.failWrites) throw new DOMException('full', 'QuotaExceededError');
    this.map.set(key, value);
  }
  removeItem(key: string) {
    if (this.failWrites) throw new DOMException('blocked', 'SecurityError');
    this.map.delete(key);
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('safeStorage', () => {
  it('reads what another tab wrote after this tab wrote the same key', () => {
    const shared = new MapStorage();
    const tabA = safeStorage(shared);
    const tabB = safeStorage(shared);
    tabA.setItem('k', 'a');
    tabB.setItem('k', 'b');
    expect(tabA.getItem('k')).toBe('b');
    tabB.removeItem('k');
    expect(tabA.getItem('k')).toBeNull();
  });

  it('keeps a value it could not write, so an older stored one does not come back', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const backing = new MapStorage();
    backing.map.set('k', 'old');
    const storage = safeStorage(backing);
    backing.failWrites = true;
    storage.setItem('k', 'new');
    expect(storage.getItem('k')).toBe('new');
    storage.removeItem('k');
    expect(storage.getItem('k')).toBeNull();
    backing.failWrites = false;
    storage.setItem('k', 'written');
    expect(backing.map.get('k')).toBe('written');
    backing.map.set('k', 'from another tab');
    expect(storage.getItem('k')).toBe('from another tab');
  });

  it('works in memory without a backing store', () => {
    const storage = safeStorage(null);
    expect(storage.getItem('k')).toBeNull();
    storage.setItem('k', 'v');
    expect(storage.getItem('k')).toBe('v');
    storage.removeItem('k');
    expect(storage.getItem('k')).toBeNull();
  });
});
