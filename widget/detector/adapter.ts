/**
 * The thin DOM side of the detector: real clicks inside the shadow root,
 * keystrokes and deletions in the composer, the page being hidden or left,
 * turned into widget events (FORMAT.md section 4). Every listener is passive
 * and does constant work, so the host page's scrolling and typing never wait
 * on it. The widget's own events (send, reply, hand-over) come from the store.
 * The widget lives as long as the page, so the listeners are never removed.
 */
import type { WidgetEvent } from '../../shared/frames/telemetry.ts';

/** A typing burst ends after this long without a key, or when the message is sent. */
const BURST_IDLE_MS = 1500;
const TARGETS: Record<string, Extract<WidgetEvent, { type: 'click' }>['target']> = { A: 'link', TEXTAREA: 'composer', BUTTON: 'button', LI: 'message' };

export interface Adapter {
  /** The typing burst in progress ends now (the message was sent). */
  flushTyping(): void;
}

export function listenDom(root: ShadowRoot, push: (event: WidgetEvent) => void, now: () => number = Date.now): Adapter {
  const passive = { passive: true };
  let burst: { t: number; chars: number; deletes: number } | null = null;
  let idle: ReturnType<typeof setTimeout> | undefined;
  const flushTyping = () => {
    clearTimeout(idle);
    if (burst) push({ type: 'typing', ...burst });
    burst = null;
  };
  root.addEventListener(
    'click',
    (e) => {
      // The listener sits on the shadow root, so the target is the widget's own element, not the host.
      const el = (e.target as Element).closest?.('a,textarea,button,li.msg');
      const m = e as MouseEvent;
      push({ t: now(), type: 'click', x: m.clientX, y: m.clientY, target: (el && TARGETS[el.tagName]) || 'other' });
    },
    passive,
  );
  // beforeinput, not keydown: mobile keyboards report most keys as "Unidentified", but every edit has an inputType.
  root.addEventListener(
    'beforeinput',
    (e) => {
      const input = e as InputEvent;
      burst ??= { t: now(), chars: 0, deletes: 0 };
      if (input.inputType.startsWith('delete')) burst.deletes++;
      else burst.chars += input.data?.length ?? 1;
      clearTimeout(idle);
      idle = setTimeout(flushTyping, BURST_IDLE_MS);
    },
    passive,
  );
  // A burst in progress ends before the page goes away, so it is not taken for the visitor coming back.
  const away = (type: 'hidden' | 'visible' | 'leave') => {
    flushTyping();
    push({ t: now(), type });
  };
  document.addEventListener('visibilitychange', () => away(document.hidden ? 'hidden' : 'visible'), passive);
  addEventListener('pagehide', () => away('leave'), passive);
  return { flushTyping };
}
