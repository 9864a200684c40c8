/** A small history-API router: the console's four kinds of page, and links that do not reload. */
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { readonly page: 'blocs' }
  | { readonly page: 'bloc'; readonly blocId: string }
  | { readonly page: 'cycle'; readonly blocId: string; readonly year: number }
  | { readonly page: 'audit' }
  | { readonly page: 'missing' };

export function routeOf(pathname: string): Route {
  const parts = pathname
    .split('/')
    .filter((part) => part !== '')
    .map(decodeURIComponent);
  if (parts.length === 0) return { page: 'blocs' };
  if (parts.length === 1 && parts[0] === 'audit') return { page: 'audit' };
  if (parts[0] === 'blocs' && parts.length === 1) return { page: 'blocs' };
  if (parts[0] === 'blocs' && parts.length === 2) return { page: 'bloc', blocId: parts[1]! };
  if (parts[0] === 'blocs' && parts.length === 4 && parts[2] === 'cycles' && /^\d{4}$/.test(parts[3]!)) {
    return { page: 'cycle', blocId: parts[1]!, year: Number(parts[3]) };
  }
  return { page: 'missing' };
}

export function navigate(path: string): void {
  history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
  window.scrollTo(0, 0);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => routeOf(location.pathname));
  useEffect(() => {
    const update = (): void => setRoute(routeOf(location.pathname));
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return route;
}

/** The click handler of an in-app link: plain clicks navigate without a reload. */
export function onLinkClick(event: MouseEvent): void {
  const anchor = event.currentTarget as HTMLAnchorElement;
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(anchor.getAttribute('href') ?? '/');
}
