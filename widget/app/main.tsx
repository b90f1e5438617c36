/**
 * The lazily loaded app. The loader calls mount() once with the shadow root it
 * made; everything the widget draws lives inside it.
 */
import { render } from 'preact';
import css from './styles.css?inline';
import { createWidgetStore } from '../store.ts';
import { createSession } from '../session.ts';
import type { ErrorCode } from '../../shared/codes.ts';
import { createActions } from './actions.ts';
import { createPageApi } from './page-api.ts';
import { onFirstOpen } from './first-open.ts';
import { fetchSiteName } from '../site.ts';
import { Panel } from './panel.tsx';
import { listenDom } from '../detector/adapter.ts';
import { watch, type Watcher } from '../detector/watch.ts';

export interface MountContext {
  root: ShadowRoot;
  site: string;
  base: string;
  launcher: HTMLElement;
}

export interface Widget {
  command(name: string, ...args: unknown[]): void;
}

const ERROR_TEXT: Partial<Record<ErrorCode, string>> = {
  rate_limited: 'You are sending messages quickly; we will retry in a moment.',
  too_long: 'That message is too long to send.',
  forbidden: 'Chat is not available on this page.',
  unauthorized: 'Chat could not start. Please reload the page.',
  internal: 'Something went wrong on our side. Please try again.',
};

export function mount(ctx: MountContext): Widget {
  const store = createWidgetStore();
  const state = store.getState;

  // Declared before the session so that entries replayed on connect can be
  // reported. The page's 'message' listeners hear live messages only: history
  // replayed on load is not news to the host page.
  let pageApi: ReturnType<typeof createPageApi> | undefined;
  let watcher: Watcher | undefined;

  const session = createSession({
    base: ctx.base,
    site: ctx.site,
    // Path only: query strings and fragments may carry the host's secrets.
    page: () => location.origin + location.pathname,
    locale: navigator.language,
    events: {
      status: (s) => state().setStatus(s),
      welcome: (w) => {
        state().welcome(w.conversationId, w.state, w);
        watcher?.thresholds(w.frustration.offerHumanAt);
      },
      entry: (entry, live) => {
        state().addEntry(entry, live);
        if (!live) return;
        pageApi?.emit(entry);
        watcher?.entry(entry);
      },
      stream: (frame) => state().replyStream(frame),
      wait: (w) => state().setWait(w),
      typing: (name) => state().setAgentTyping(name),
      act: (act) => watcher?.push({ t: Date.now(), type: 'act', act }),
      saved: (what, id, error) => state().onceSettled(what, id, error),
      reset: () => state().reset(),
      refused: (clientId, code) => {
        state().dropPending(clientId);
        state().setHumanRequested(false);
        state().setError(ERROR_TEXT[code] ?? 'That could not be sent.');
      },
      error: (code) => {
        const text = ERROR_TEXT[code];
        if (text) state().setError(text);
      },
    },
  });
  pageApi = createPageApi(store, session);
  watcher = watch({ store, session, exitUrl: `${ctx.base.replace(/\/+$/, '')}/api/sites/${encodeURIComponent(ctx.site)}/exit` });
  const dom = listenDom(ctx.root, watcher.push);
  for (const message of session.pendingMessages()) state().addPending(message);

  const style = document.createElement('style');
  style.textContent = css;
  const container = document.createElement('div');
  ctx.root.append(style, container);
  render(<Panel store={store} actions={createActions(store, session, { push: watcher.push, flushTyping: dom.flushTyping })} />, container);

  // Nothing goes to the server until the visitor opens the panel (a returning
  // conversation or unsent messages excepted: the session connects for those itself).
  onFirstOpen(store, () => {
    session.connect();
    void fetchSiteName(ctx.base, ctx.site).then((name) => {
      if (name !== null) state().setSiteName(name);
    });
  });

  ctx.launcher.setAttribute('aria-expanded', 'false');
  ctx.launcher.addEventListener('click', () => state().toggle());
  store.subscribe((now, before) => {
    if (now.open === before.open) return;
    ctx.launcher.setAttribute('aria-expanded', String(now.open));
    // Closing from inside the panel hands focus back to the launcher.
    if (!now.open && ctx.root.activeElement && ctx.root.activeElement !== ctx.launcher) ctx.launcher.focus();
  });

  return { command: pageApi.command };
}
