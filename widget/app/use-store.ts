/**
 * Read a vanilla zustand store from Preact: the value is computed on every
 * render (never stale when the selector changes), and a store change re-renders
 * only when the selected value changed (Object.is), like zustand's own binding.
 * Built on preact/hooks so preact/compat stays out of the bundle.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { StoreApi } from 'zustand/vanilla';

export function useStore<S, T>(store: StoreApi<S>, selector: (state: S) => T): T {
  const value = selector(store.getState());
  const [, setTick] = useState(0);
  const latest = useRef({ selector, value });
  latest.current = { selector, value };
  useEffect(() => {
    const check = () => {
      const { selector: select, value: shown } = latest.current;
      if (!Object.is(select(store.getState()), shown)) setTick((n) => n + 1);
    };
    check(); // a change between render and subscription
    return store.subscribe(check);
  }, [store]);
  return value;
}
