/**
 * The warm-handoff pack: why the assistant stopped, what it was about to say
 * and on what it rested. The draft was NOT sent to the visitor (the agent may
 * send it, edited, from the conversation's draft editor); it stays here as recorded.
 */
import type { HandoffPack, VisitorFacts as Facts } from '../../shared/model.ts';
import { formatPercent } from '../format.ts';
import { RichText } from './RichText.tsx';
import { VisitorFacts } from './VisitorFacts.tsx';

interface Props {
  pack: HandoffPack | null;
  loaded: boolean;
  /** The summary's facts, for a conversation that has no pack. */
  visitor: Facts | undefined;
  /** The agent sent this pack's draft (edited or not) as a reply. */
  draftSent?: boolean;
}

export function PackPanel({ pack, loaded, visitor, draftSent = false }: Props) {
  return (
    <aside class="pack" data-testid="console-pack" aria-label="Handoff">
      <h2>Handoff</h2>
      {pack ? (
        <PackDetails pack={pack} draftSent={draftSent} />
      ) : (
        <p class="muted">{loaded ? 'No handoff: the assistant has not handed this conversation over.' : 'Loading…'}</p>
      )}
      <VisitorFacts visitor={pack?.visitor ?? visitor} earlier={pack ? pack.earlierConversations : null} />
    </aside>
  );
}

function PackDetails({ pack, draftSent }: { pack: HandoffPack; draftSent: boolean }) {
  return (
    <>
      <dl>
        <dt>Trigger</dt>
        <dd>
          <code class="reason" data-testid="console-pack-reason">
            {pack.reason}
          </code>{' '}
          <span class="muted">(route {pack.route})</span>
        </dd>
        <dt>Intent</dt>
        <dd data-testid="console-pack-intent">
          {pack.intent ? `${pack.intent.name} (score ${formatPercent(pack.intent.score)})` : <span class="muted">none detected</span>}
        </dd>
        <dt>Confidence</dt>
        <dd data-testid="console-pack-confidence">
          {pack.confidence === null ? <span class="muted">not graded</span> : formatPercent(pack.confidence)}
        </dd>
        <dt>Frustration</dt>
        <dd data-testid="console-pack-frustration">
          {pack.frustration ? `${formatPercent(pack.frustration.score)}: ${pack.frustration.signals.join(', ') || 'no signals'}` : <span class="muted">no signals</span>}
        </dd>
      </dl>

      <h3>{draftSent ? 'Draft reply (you sent it)' : 'Draft reply (not sent)'}</h3>
      {pack.draft ? (
        <RichText as="blockquote" class="draft text" testId="console-pack-draft" text={pack.draft} />
      ) : (
        <p class="muted">No draft.</p>
      )}

      <h3>Passages</h3>
      {pack.passages.length === 0 ? (
        <p class="muted">None retrieved.</p>
      ) : (
        <ul class="passages">
          {pack.passages.map((p) => (
            <li key={`${p.article}#${p.section}`}>
              <strong class="text">
                {p.title} › {p.section}
              </strong>{' '}
              <span class="muted">
                ({p.article}) · score {formatPercent(p.score)}
              </span>
              <RichText text={p.text} />
            </li>
          ))}
        </ul>
      )}

      <h3>Unsupported claims</h3>
      <TextList items={pack.unsupportedClaims} empty="None found." testId="console-pack-claims" />

      <h3>Safety flags</h3>
      <TextList items={pack.flags} empty="None." testId="console-pack-flags" />
      {pack.evidence && pack.evidence.length > 0 && (
        // Raised while the conversation waited for or was with a person: what the visitor wrote, and in which message.
        <ul data-testid="console-pack-evidence">
          {pack.evidence.map((e) => (
            <li key={`${e.seq}:${e.category}`} class="text">
              {e.category}: “{e.evidence}” <span class="muted">(message {e.seq})</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function TextList({ items, empty, testId }: { items: readonly string[]; empty: string; testId: string }) {
  if (items.length === 0) return <p class="muted">{empty}</p>;
  return (
    <ul data-testid={testId}>
      {items.map((item, i) => (
        <li key={i} class="text">
          {item}
        </li>
      ))}
    </ul>
  );
}
