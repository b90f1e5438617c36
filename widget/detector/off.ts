/**
 * The detector and the DOM adapter switched off: the size budget builds the
 * widget once with these in their place (vite --mode widget-bare), so the
 * difference is exactly what the detector and adapter add. Never shipped.
 */
import type { Detector } from '../../shared/frustration/detector.ts';
import type { Adapter } from './adapter.ts';

export function createDetector(): Detector {
  return {
    push() {},
    tick() {},
    outcome: () => ({ score: 0, maxFrustration: 0, frustrated: false, abandoned: false, rageQuit: false, signals: [] }),
  };
}

export function listenDom(): Adapter {
  return { flushTyping() {} };
}
