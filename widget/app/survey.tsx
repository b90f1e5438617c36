/** After a resolve, once per conversation: "How easy was it to get your issue handled?" 1 (very hard) to 7 (very easy). */
import { useRef, useState } from 'preact/hooks';
import { LIMITS, SURVEY_SCALE } from '../../shared/limits.ts';
import type { WidgetStore } from '../store.ts';
import { useStore } from './use-store.ts';
import { focusOnce } from './contact.tsx';

const MEANING = ['very hard', 'hard', 'somewhat hard', 'neither hard nor easy', 'somewhat easy', 'easy', 'very easy'];

export function Survey({ store, onSend }: { store: WidgetStore; onSend: (score: number, comment: string) => void }) {
  const survey = useStore(store, (s) => (s.convState === 'resolved' ? s.survey : null));
  const [score, setScore] = useState(0);
  const comment = useRef<HTMLTextAreaElement>(null);
  const sent = useRef(false);
  if (!survey) return null;
  if (survey.done) {
    return (
      <p class="offer" role="status" data-testid="baton-survey-thanks" tabIndex={-1} ref={focusOnce(sent)}>
        Thanks for your feedback
      </p>
    );
  }
  const sending = survey.id !== null;
  const submit = (event: Event) => {
    event.preventDefault();
    if (score < 1 || sending) return;
    sent.current = true;
    onSend(score, comment.current?.value ?? '');
  };
  const scores = [];
  for (let n = SURVEY_SCALE.min; n <= SURVEY_SCALE.max; n++) scores.push(n);
  return (
    <form class="offer" data-testid="baton-survey" onSubmit={submit}>
      <p id="baton-survey-q">How easy was it to get your issue handled?</p>
      <div class="scale" role="group" aria-labelledby="baton-survey-q">
        {scores.map((n) => (
          <button type="button" key={n} data-testid={`baton-survey-${n}`} aria-label={`${n} — ${MEANING[n - 1]}`} aria-pressed={score === n} onClick={() => setScore(n)}>
            {n}
          </button>
        ))}
      </div>
      <div class="ends" aria-hidden="true">
        <span>Very hard</span>
        <span>Very easy</span>
      </div>
      <textarea ref={comment} data-testid="baton-survey-comment" aria-label="Comment (optional)" placeholder="Anything to add? (optional)" rows={2} maxLength={LIMITS.maxSurveyCommentChars} />
      {survey.error && (
        <p class="field-error" role="alert">
          {survey.error}
        </p>
      )}
      <button type="submit" data-testid="baton-survey-send" disabled={score === 0} aria-disabled={sending}>
        {sending ? 'Sending…' : 'Send'}
      </button>
    </form>
  );
}
