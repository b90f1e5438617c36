/** The transcript, kept scrolled to the newest line. */
import { useEffect, useRef } from 'preact/hooks';
import { visibleMessages, type WidgetStore } from '../store.ts';
import { useStore } from './use-store.ts';
import { MessageItem } from './message-item.tsx';

export function MessageList({ store, onRate }: { store: WidgetStore; onRate: (value: 'up' | 'down') => void }) {
  const items = useStore(store, visibleMessages);
  // Only the newest reply can be rated: it is the one the visitor is reading.
  const last = items.findLast((i) => i.kind === 'message' && i.role !== 'visitor');
  const open = useStore(store, (s) => s.open);
  const joins = useStore(store, (s) => s.joins);
  const list = useRef<HTMLUListElement>(null);
  // Whether the visitor is at the newest line (not reading back): only then does a resize scroll the list.
  const atEnd = useRef(true);
  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [items, open]);
  useEffect(() => {
    const el = list.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    // The list shrinks when a line or a form appears under it (typing, the wait, the survey): keep the newest line in view.
    const watcher = new ResizeObserver(() => {
      if (atEnd.current) el.scrollTop = el.scrollHeight;
    });
    watcher.observe(el);
    return () => watcher.disconnect();
  }, []);
  return (
    <ul
      class="list"
      ref={list}
      role="log"
      aria-live="polite"
      aria-label="Messages"
      onScroll={(e) => {
        const el = e.currentTarget;
        atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
    >
      {items.map((item) => (
        <MessageItem key={item.kind === 'pending' ? `p:${item.clientId}` : item.kind === 'provisional' ? 'provisional' : item.id} item={item} onRate={item === last ? onRate : undefined} joined={item.kind === 'state' && joins.includes(item.seq)} />
      ))}
    </ul>
  );
}
