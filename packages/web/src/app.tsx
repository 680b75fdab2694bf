import { useCallback, useEffect, useState } from 'preact/hooks';
import { DashboardApi } from './api.js';
import { EngineStatus } from './components/EngineStatus.js';
import { href, onLinkClick, useRoute } from './router.js';
import { clearToken, loadToken, saveToken } from './session.js';
import { InteractionDetail } from './views/InteractionDetail.js';
import { InteractionList } from './views/InteractionList.js';
import { NewInteraction } from './views/NewInteraction.js';
import { SignIn } from './views/SignIn.js';

function initialApi(): DashboardApi | undefined {
  const token = loadToken();
  return token ? new DashboardApi(location.origin, token) : undefined;
}

export function App() {
  const [api, setApi] = useState(initialApi);
  const [notice, setNotice] = useState<string | undefined>();
  const route = useRoute();

  useEffect(() => {
    document.addEventListener('click', onLinkClick);
    return () => document.removeEventListener('click', onLinkClick);
  }, []);

  useEffect(() => {
    const titles = {
      list: 'Interactions',
      new: 'New interaction',
      interaction: 'Interaction',
      missing: 'Not found',
    };
    document.title = `${api ? titles[route.name] : 'Sign in'} · Parley`;
  }, [api, route]);

  const signOut = useCallback((message?: string) => {
    clearToken();
    setApi(undefined);
    setNotice(message);
  }, []);
  const onUnauthorized = useCallback(
    () => signOut('The server no longer accepts this token. Sign in again.'),
    [signOut],
  );

  if (!api) {
    return (
      <SignIn
        notice={notice}
        onSignedIn={(next, remember) => {
          saveToken(next.token, remember);
          setNotice(undefined);
          setApi(next);
        }}
      />
    );
  }

  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href={href({ name: 'list' })}>
          Parley
        </a>
        <nav aria-label="Main">
          <a href={href({ name: 'list' })} aria-current={route.name === 'list' ? 'page' : undefined}>
            Interactions
          </a>
          <a href={href({ name: 'new' })} aria-current={route.name === 'new' ? 'page' : undefined}>
            New
          </a>
          <button type="button" class="link" onClick={() => signOut('Signed out.')}>
            Sign out
          </button>
        </nav>
      </header>
      <EngineStatus />
      {route.name === 'list' && <InteractionList api={api} onUnauthorized={onUnauthorized} />}
      {route.name === 'new' && <NewInteraction api={api} onUnauthorized={onUnauthorized} />}
      {route.name === 'interaction' && (
        <InteractionDetail key={route.id} api={api} id={route.id} onUnauthorized={onUnauthorized} />
      )}
      {route.name === 'missing' && (
        <main id="main">
          <h1>Page not found</h1>
          <p>
            <a href={href({ name: 'list' })}>Back to interactions</a>
          </p>
        </main>
      )}
    </>
  );
}
