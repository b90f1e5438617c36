/**
 * The one-line embed:
 *   <script src="https://HOST/widget.js" data-site="demo" async></script>
 * Draws the launcher in a shadow root, defines window.Baton (the only global),
 * and loads the app (widget/app.js) when the page is idle or the visitor
 * reaches for the launcher. Budget: 1.5 KB gzip, so no dependencies.
 */
type Args = unknown[];
interface App {
  command(name: string, ...args: unknown[]): void;
}
interface AppModule {
  mount(ctx: { root: ShadowRoot; site: string; base: string; launcher: HTMLButtonElement }): App;
}
/** The page's stub queues `arguments` objects in `q` until we replace it. */
type BatonFn = ((...args: Args) => void) & { q?: ArrayLike<unknown>[]; loaded?: boolean };

const win = window as unknown as { Baton?: BatonFn };

function findScript(): HTMLScriptElement | undefined {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  // currentScript is null when we run from a module or after a re-insertion.
  const all = document.querySelectorAll<HTMLScriptElement>('script[data-site][src*="widget.js"]');
  return all[all.length - 1];
}

function start(script: HTMLScriptElement, site: string): void {
  const src = new URL(script.src, location.href);
  const base = src.origin + src.pathname.replace(/\/[^/]*$/, '');

  const host = document.createElement('div');
  host.setAttribute('data-baton-host', '');
  const root = host.attachShadow({ mode: 'open' });
  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.setAttribute('data-testid', 'baton-launcher');
  launcher.setAttribute('aria-label', 'Open chat');
  launcher.style.cssText =
    'position:fixed;right:20px;bottom:20px;z-index:2147483000;width:56px;height:56px;border:0;border-radius:50%;' +
    'background:#1d4ed8;color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);display:grid;place-items:center;padding:0';
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '26');
  svg.setAttribute('height', '26');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', 'M4 4h16v12H8l-4 4z');
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  launcher.append(svg);
  root.append(launcher);
  const attach = () => document.body.append(host);
  if (document.body) attach();
  else document.addEventListener('DOMContentLoaded', attach);

  let app: App | undefined;
  let loading = false;
  const queue: Args[] = [];

  function load(): void {
    if (app || loading) return;
    loading = true;
    import(/* @vite-ignore */ base + '/widget/app.js')
      .then((mod: AppModule) => {
        app = mod.mount({ root, site, base, launcher });
        for (const args of queue.splice(0)) forward(args);
      })
      .catch((err: unknown) => {
        // The launcher stays; a later click tries again.
        loading = false;
        console.error('[baton] could not load the chat', err);
      });
  }

  function forward(args: Args): void {
    const [name, ...rest] = args;
    if (typeof name !== 'string') return console.warn('[baton] Baton() needs a command name');
    app?.command(name, ...rest);
  }

  const api: BatonFn = (...args) => {
    if (app) return forward(args);
    queue.push(args);
    if (args[0] === 'open') load();
  };
  api.loaded = true;

  const stub = win.Baton;
  win.Baton = api;
  for (const args of stub?.q ?? []) api(...Array.from(args));

  launcher.addEventListener('click', () => {
    // Once mounted, the app owns the launcher's clicks.
    if (app) return;
    if (!queue.some((args) => args[0] === 'open')) queue.push(['open']);
    load();
  });
  for (const type of ['pointerenter', 'focus']) launcher.addEventListener(type, load, { once: true });
  if ('requestIdleCallback' in window) requestIdleCallback(load, { timeout: 5000 });
  else setTimeout(load, 1500);
}

const script = findScript();
const site = script?.dataset['site'];
if (win.Baton?.loaded) console.warn('[baton] widget.js included twice; ignoring the second');
else if (!script || !site) console.error('[baton] widget.js needs data-site on its <script>');
else start(script, site);
