/** Claim, resolve, hand back: enabled by the conversation's state (permissions.ts); transfer when we hold it. */
import type { ConversationAction } from '../agent-session.ts';
import { useController } from '../context.ts';
import type { Allowed } from '../permissions.ts';
import { TransferControl } from './TransferControl.tsx';

const BUTTONS: readonly { action: ConversationAction; label: string; testId: string }[] = [
  { action: 'claim', label: 'Claim', testId: 'console-claim' },
  { action: 'resolve', label: 'Resolve', testId: 'console-resolve' },
  { action: 'handback', label: 'Hand back', testId: 'console-handback' },
];

export function ActionBar({ allowed, canTransfer }: { allowed: Allowed; canTransfer: boolean }) {
  const controller = useController();
  return (
    <div class="actions" role="group" aria-label="Conversation actions">
      {BUTTONS.map(({ action, label, testId }) => (
        <button key={action} type="button" data-testid={testId} disabled={!allowed[action]} onClick={() => controller.act(action)}>
          {label}
        </button>
      ))}
      {canTransfer && <TransferControl />}
    </div>
  );
}
