/** Sign-in or workspace, decided by whether an agent is signed in. */
import { useConsole } from '../context.ts';
import { Login } from './Login.tsx';
import { Workspace } from './Workspace.tsx';

export function App() {
  const checked = useConsole((s) => s.sessionChecked);
  const signedIn = useConsole((s) => s.agent !== null);
  if (!checked) return <p class="boot muted">Loading…</p>;
  return signedIn ? <Workspace /> : <Login />;
}
