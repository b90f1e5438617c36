/**
 * The visitor's unsent messages, saved for a reload under `baton:SITE:outbox`.
 * Every tab of the site shares the key, so a save never overwrites: it reads
 * what is stored, keeps other tabs' messages, and removes only the ids this tab
 * has seen settled (stored or refused for good).
 */
import * as v from 'valibot';
import { VisitorMessage, type VisitorMessageFrame } from '../shared/frames/visitor.ts';
import type { StorageLike } from './storage.ts';

export interface SavedMessage {
  frame: VisitorMessageFrame;
  at: number;
}

export interface SavedOutbox {
  /** Every tab's unsent messages, oldest first. */
  load(): SavedMessage[];
  /** Merge this tab's unsent messages into what is stored. */
  save(ours: readonly SavedMessage[]): void;
  /** This tab saw `id` settled: the next save removes it, whichever tab wrote it. */
  settled(id: string): void;
}

/**
 * Only messages are saved. A request for a person is not: the server neither
 * acks nor de-duplicates it, so a stale copy resent later (after a handback,
 * say) would queue the conversation again.
 */
const Persisted = v.array(v.object({ frame: VisitorMessage, at: v.number() }));

export function savedOutbox(storage: StorageLike, key: string): SavedOutbox {
  const done = new Set<string>();

  function load(): SavedMessage[] {
    const raw = storage.getItem(key);
    if (!raw) return [];
    try {
      const result = v.safeParse(Persisted, JSON.parse(raw));
      if (result.success) return result.output;
    } catch {
      // reported below
    }
    console.warn('[baton] dropped an unreadable saved outbox');
    storage.removeItem(key);
    return [];
  }

  return {
    load,
    save(ours) {
      // Stored order is the order first saved, across tabs: keep it, drop what
      // this tab saw settled, and add this tab's new messages at the end.
      const mine = new Map(ours.map((m) => [m.frame.id, m]));
      const items: SavedMessage[] = [];
      for (const m of load()) {
        if (done.has(m.frame.id)) continue;
        items.push(mine.get(m.frame.id) ?? m);
        mine.delete(m.frame.id);
      }
      items.push(...mine.values());
      if (items.length === 0) storage.removeItem(key);
      else storage.setItem(key, JSON.stringify(items));
    },
    settled(id) {
      done.add(id);
    },
  };
}
