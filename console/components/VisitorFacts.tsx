/**
 * What the host page said about the visitor. None of it is verified: the page
 * can claim any name or e-mail, so the console says so next to it.
 */
import type { VisitorFacts as Facts } from '../../shared/model.ts';
import { SafeLink } from './SafeLink.tsx';

interface Props {
  visitor: Facts | undefined;
  /** Earlier conversations of the same identified visitor (from the pack); null without a pack. */
  earlier?: number | null;
}

export function VisitorFacts({ visitor, earlier = null }: Props) {
  const user = visitor?.user;
  const hasUser = user !== undefined && (user.id !== undefined || user.name !== undefined || user.email !== undefined);
  return (
    <section class="facts" data-testid="console-visitor">
      <h3>Visitor</h3>
      <dl>
        <dt>Page</dt>
        <dd>{visitor?.page ? <SafeLink href={visitor.page} /> : <span class="muted">unknown</span>}</dd>
        <dt>Locale</dt>
        <dd>{visitor?.locale ?? <span class="muted">unknown</span>}</dd>
        <dt>User</dt>
        <dd>
          {hasUser ? (
            <>
              <span class="text">{[user.name, user.email, user.id && `id ${user.id}`].filter(Boolean).join(' · ')}</span>{' '}
              <em class="unverified" data-testid="console-unverified">
                (unverified, from the host page)
              </em>
            </>
          ) : (
            <span class="muted">not identified</span>
          )}
        </dd>
        {earlier !== null && (
          <>
            <dt>History</dt>
            <dd data-testid="console-earlier" data-count={earlier}>
              {earlier} earlier conversation{earlier === 1 ? '' : 's'}
              {!hasUser && <span class="muted"> (counted for identified visitors only)</span>}
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}
