/** Entry: one store, one controller, one render. */
import { render } from 'preact';
import { App } from './components/App.tsx';
import { ConsoleContextProvider } from './context.ts';
import { createController } from './controller.ts';
import { createConsoleStore } from './store.ts';
import './styles.css';

const root = document.getElementById('app');
if (!root) throw new Error('[baton console] #app element missing from index.html');

const store = createConsoleStore();
const controller = createController({ store });

render(
  <ConsoleContextProvider value={{ store, controller }}>
    <App />
  </ConsoleContextProvider>,
  root,
);

void controller.boot();
