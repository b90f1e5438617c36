/** Pass a conversation we hold to another agent who is online and has room. */
import { useState } from 'preact/hooks';
import { formatLoad, transferTargets } from '../agents.ts';
import { useConsole, useController } from '../context.ts';

export function TransferControl() {
  const controller = useController();
  const agents = useConsole((s) => s.agents);
  const me = useConsole((s) => s.agent?.id ?? null);
  const [picked, setPicked] = useState('');
  const targets = transferTargets(agents, me);
  // Someone who went away or filled up meanwhile is no longer a choice.
  const to = targets.some((t) => t.id === picked) ? picked : '';
  return (
    <span class="transfer" role="group" aria-label="Transfer">
      <select data-testid="console-transfer" aria-label="Transfer to" value={to} disabled={targets.length === 0} onChange={(e) => setPicked(e.currentTarget.value)}>
        <option value="">{targets.length === 0 ? 'Nobody online with room' : 'Transfer to…'}</option>
        {targets.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name} ({formatLoad(t)})
          </option>
        ))}
      </select>
      <button
        type="button"
        class="secondary"
        data-testid="console-transfer-send"
        disabled={to === ''}
        onClick={() => {
          controller.transfer(to);
          setPicked('');
        }}
      >
        Transfer
      </button>
    </span>
  );
}
