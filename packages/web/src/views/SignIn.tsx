import { useState } from 'preact/hooks';
import { DashboardApi, errorMessageOf } from '../api.js';

interface Props {
  notice?: string | undefined;
  onSignedIn: (api: DashboardApi, remember: boolean) => void;
}

export function SignIn({ notice, onSignedIn }: Props) {
  const [token, setToken] = useState('');
  const [remember, setRemember] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    const trimmed = token.trim();
    if (!trimmed) {
      setError('Enter your API token.');
      return;
    }
    setBusy(true);
    setError(undefined);
    const api = new DashboardApi(location.origin, trimmed);
    try {
      await api.verify();
      onSignedIn(api, remember);
    } catch (err) {
      setError(
        api.isUnauthorized(err)
          ? 'The server did not accept this token. Check it and try again.'
          : `Could not reach the server: ${errorMessageOf(err)}`,
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" class="signin">
      <h1>Parley</h1>
      <p class="muted">
        Sign in with an API token of your tenant — the same token the API takes as X-API-Token.
      </p>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <form onSubmit={submit} class="panel" noValidate>
        <label for="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="current-password"
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'token-error' : undefined}
          required
        />
        <label class="check">
          <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.currentTarget.checked)} />
          Remember me on this device
        </label>
        {error && (
          <p id="token-error" class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
