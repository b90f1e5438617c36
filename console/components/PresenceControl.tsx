/** Online (taking new conversations) or away (keeping the ones held, taking none). */
import { useConsole, useController } from '../context.ts';
import type { ChosenStatus } from '../store.ts';

export function PresenceControl() {
  const controller = useController();
  const chosen = useConsole((s) => s.chosenStatus);
  return (
    <label class="presence">
      <span class="muted">Taking conversations:</span>
      <select
        data-testid="console-presence"
        data-status={chosen}
        value={chosen}
        onChange={(e) => controller.setPresence(e.currentTarget.value as ChosenStatus)}
      >
        <option value="online">Online</option>
        <option value="away">Away</option>
      </select>
    </label>
  );
}
