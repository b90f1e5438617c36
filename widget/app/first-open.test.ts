import { describe, expect, it, vi } from 'vitest';
import { onFirstOpen } from './first-open.ts';
import { createWidgetStore } from '../store.ts';

describe('onFirstOpen', () => {
  it('waits for the panel to open, then runs once', () => {
    const store = createWidgetStore();
    const fn = vi.fn();
    onFirstOpen(store, fn);
    store.getState().setStatus('offline');
    store.getState().setError('x');
    expect(fn).not.toHaveBeenCalled();
    store.getState().setOpen(true);
    expect(fn).toHaveBeenCalledOnce();
    store.getState().setOpen(false);
    store.getState().toggle();
    expect(fn).toHaveBeenCalledOnce();
  });

  it('runs at once when the panel is already open', () => {
    const fn = vi.fn();
    onFirstOpen(createWidgetStore({ open: true }), fn);
    expect(fn).toHaveBeenCalledOnce();
  });
});
