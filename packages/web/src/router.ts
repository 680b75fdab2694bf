import { useEffect, useState } from 'preact/hooks';

/** Routes live under the base the server mounts the dashboard at (`/app/`). */
const BASE = import.meta.env.BASE_URL.replace(/\/$/, '');

export type Route =
  { name: 'list' } | { name: 'new' } | { name: 'interaction'; id: string } | { name: 'missing' };

export function parseRoute(pathname: string): Route {
  const path = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 0) return { name: 'list' };
  if (parts.length === 1 && parts[0] === 'new') return { name: 'new' };
  if (parts.length === 2 && parts[0] === 'interactions' && parts[1]) {
    return { name: 'interaction', id: decodeURIComponent(parts[1]) };
  }
  return { name: 'missing' };
}

export function href(route: Route): string {
  switch (route.name) {
    case 'new':
      return `${BASE}/new`;
    case 'interaction':
      return `${BASE}/interactions/${encodeURIComponent(route.id)}`;
    default:
      return `${BASE}/`;
  }
}

export function navigate(to: string): void {
  if (to === location.pathname) return;
  history.pushState(null, '', to);
  dispatchEvent(new PopStateEvent('popstate'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.pathname));
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return route;
}

/** Same-origin links under the base are handled in the page instead of reloading it. */
export function onLinkClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
    return;
  const anchor = (event.target as Element | null)?.closest('a');
  if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
  const url = new URL(anchor.href, location.href);
  if (url.origin !== location.origin || !url.pathname.startsWith(BASE)) return;
  event.preventDefault();
  navigate(url.pathname);
}
