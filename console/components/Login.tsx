/** The sign-in form. The session cookie it earns authorises the agent socket. */
import { useState } from 'preact/hooks';
import type { TargetedSubmitEvent } from 'preact';
import { errorText } from '../controller.ts';
import { useConsole, useController } from '../context.ts';

export function Login() {
  const controller = useController();
  const notice = useConsole((s) => s.lastError);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: TargetedSubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await controller.signIn(email.trim(), password);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <main class="login">
      <form class="login-form" onSubmit={submit}>
        <h1>Baton console</h1>
        {notice && (
          <p class="notice" data-testid="console-error" role="status">
            {notice}
          </p>
        )}
        <label>
          E-mail
          <input
            data-testid="console-email"
            type="email"
            autocomplete="username"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </label>
        <label>
          Password
          <input
            data-testid="console-password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        {error && (
          <p class="error" data-testid="console-login-error" role="alert">
            {error}
          </p>
        )}
        <button data-testid="console-signin" type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
