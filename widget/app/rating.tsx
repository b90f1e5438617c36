/** Thumbs up or down on the latest reply: the visitor's own word on whether it helped. */
import { useState } from 'preact/hooks';

export function Rating({ onRate }: { onRate: (value: 'up' | 'down') => void }) {
  const [rated, setRated] = useState<'up' | 'down' | null>(null);
  const rate = (value: 'up' | 'down') => {
    if (rated) return;
    setRated(value);
    onRate(value);
  };
  return (
    <span class="rate">
      <button type="button" aria-label="Helpful" aria-pressed={rated === 'up'} data-testid="baton-rate-up" disabled={rated !== null} onClick={() => rate('up')}>
        👍
      </button>
      <button type="button" aria-label="Not helpful" aria-pressed={rated === 'down'} data-testid="baton-rate-down" disabled={rated !== null} onClick={() => rate('down')}>
        👎
      </button>
    </span>
  );
}
