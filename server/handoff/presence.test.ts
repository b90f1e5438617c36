import { describe, expect, it } from 'vitest';
import { Presence } from './presence.ts';

function setup(graceMs = 1000) {
  const timers: { fn: () => void; ms: number; cleared: boolean; unref: () => void }[] = [];
  let changes = 0;
  const presence = new Presence(
    [
      { id: 'dana', name: 'Dana', max: 2 },
      { id: 'lee', name: 'Lee', max: 3 },
    ],
    {
      graceMs,
      onChange: () => changes++,
      setTimer: (fn, ms) => {
        const t = { fn, ms, cleared: false, unref: () => undefined };
        timers.push(t);
        return t;
      },
      clearTimer: (t) => {
        const found = timers.find((x) => x === t);
        if (found) found.cleared = true;
      },
    },
  );
  const fire = () => {
    for (const t of timers.splice(0)) if (!t.cleared) t.fn();
  };
  return { presence, fire, changes: () => changes, timers };
}

describe('Presence', () => {
  it('is offline with no console, online with one, away when every console chose away', () => {
    const { presence } = setup();
    expect(presence.status('dana')).toBe('offline');
    presence.connect('dana', 'k1');
    expect(presence.status('dana')).toBe('online');
    presence.connect('dana', 'k2');
    presence.setStatus('dana', 'k1', 'away');
    expect(presence.status('dana')).toBe('online'); // the other console is still online
    presence.setStatus('dana', 'k2', 'away');
    expect(presence.status('dana')).toBe('away');
    expect(presence.online().map((s) => s.id)).toEqual([]);
  });

  it('keeps an agent online through the grace after their last console closes, then offline', () => {
    const { presence, fire } = setup();
    presence.connect('dana', 'k1');
    presence.disconnect('dana', 'k1');
    expect(presence.status('dana')).toBe('online');
    fire();
    expect(presence.status('dana')).toBe('offline');
  });

  it('a reload within the grace never shows the agent offline', () => {
    const { presence, fire, changes, timers } = setup();
    presence.connect('dana', 'k1');
    const before = changes();
    presence.disconnect('dana', 'k1');
    presence.connect('dana', 'k2');
    expect(timers.every((t) => t.cleared)).toBe(true); // the grace was cancelled, not left to fire
    fire();
    expect(presence.status('dana')).toBe('online');
    expect(changes()).toBe(before);
  });

  it('an agent who chose away goes offline at once when the console closes', () => {
    const { presence } = setup();
    presence.connect('lee', 'k1');
    presence.setStatus('lee', 'k1', 'away');
    presence.disconnect('lee', 'k1');
    expect(presence.status('lee')).toBe('offline');
  });

  it('announces only real changes', () => {
    const { presence, changes } = setup(0);
    presence.connect('dana', 'k1');
    presence.connect('dana', 'k2');
    presence.setStatus('dana', 'k1', 'online');
    expect(changes()).toBe(1);
    presence.disconnect('dana', 'k1');
    expect(changes()).toBe(1);
    presence.disconnect('dana', 'k2');
    expect(changes()).toBe(2);
    expect(presence.status('dana')).toBe('offline');
  });
});
