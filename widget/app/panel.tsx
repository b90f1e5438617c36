/** The chat panel: hidden until opened; Escape closes it. */
import { useEffect, useRef } from 'preact/hooks';
import type { TargetedKeyboardEvent } from 'preact';
import type { WidgetStore } from '../store.ts';
import type { PanelActions } from './actions.ts';
import { useStore } from './use-store.ts';
import { Header } from './header.tsx';
import { MessageList } from './message-list.tsx';
import { HumanButton } from './human-button.tsx';
import { PersonOffer } from './person-offer.tsx';
import { Composer } from './composer.tsx';
import { LiveStatus } from './live-status.tsx';
import { Contact } from './contact.tsx';
import { Survey } from './survey.tsx';

export function Panel({ store, actions }: { store: WidgetStore; actions: PanelActions }) {
  const open = useStore(store, (s) => s.open);
  const error = useStore(store, (s) => s.lastError);
  const input = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);
  const onKeyDown = (event: TargetedKeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape') actions.close();
  };
  return (
    <section class="panel" data-testid="baton-panel" role="dialog" aria-labelledby="baton-title" hidden={!open} onKeyDown={onKeyDown}>
      <Header store={store} onClose={actions.close} />
      <MessageList store={store} onRate={actions.rate} />
      <LiveStatus store={store} />
      {error && (
        <p class="error" role="alert" data-testid="baton-error">
          {error}
        </p>
      )}
      <PersonOffer store={store} onRequest={actions.requestHuman} />
      <Contact store={store} onSend={actions.leaveContact} />
      <Survey store={store} onSend={actions.answerSurvey} />
      <HumanButton store={store} onRequest={actions.requestHuman} />
      <Composer onSend={actions.send} onType={actions.typing} inputRef={input} />
    </section>
  );
}
