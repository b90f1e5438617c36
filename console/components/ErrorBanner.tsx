/** The last thing that went wrong (a refused action, an offline click), until dismissed. */
import { useConsole } from '../context.ts';

export function ErrorBanner() {
  const error = useConsole((s) => s.lastError);
  const setError = useConsole((s) => s.setError);
  if (!error) return null;
  return (
    <div class="banner" data-testid="console-error" role="alert">
      <span>{error}</span>
      <button type="button" class="link" aria-label="Dismiss" onClick={() => setError(null)}>
        Dismiss
      </button>
    </div>
  );
}
