/** Small pieces every page uses: links, the states of a section's data, action feedback. */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { type Answer, get } from '../api';
import { onLinkClick } from '../router';

export function Link({ href, children }: { href: string; children: ComponentChildren }) {
  return (
    <a href={href} onClick={onLinkClick}>
      {children}
    </a>
  );
}

export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'ok'; readonly body: T }
  /** 404: not recorded yet, or an endpoint this server does not have yet. */
  | { readonly state: 'missing'; readonly message: string }
  | { readonly state: 'error'; readonly status: number; readonly code: string; readonly message: string };

/** GETs `path` (null: nothing to load) and reloads when `path` or `version` changes. */
export function useApi<T>(path: string | null, version = 0): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [own, setOwn] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let current = true;
    setLoaded((previous) => (previous.state === 'ok' ? previous : { state: 'loading' }));
    void get<T>(path).then((answer: Answer<T>) => {
      if (!current) return;
      if (answer.ok) setLoaded({ state: 'ok', body: answer.body });
      else if (answer.status === 404) setLoaded({ state: 'missing', message: answer.message });
      else setLoaded({ state: 'error', status: answer.status, code: answer.code, message: answer.message });
    });
    return () => {
      current = false;
    };
  }, [path, version, own]);
  const reload = useCallback(() => setOwn((n) => n + 1), []);
  return [loaded, reload];
}

/** Renders a section's data, or a calm line while it loads, is not available, or failed. */
export function Show<T>({
  loaded,
  empty = 'Chưa có',
  children,
}: {
  loaded: Loaded<T>;
  empty?: string;
  children: (body: T) => ComponentChildren;
}) {
  switch (loaded.state) {
    case 'loading':
      return (
        <p class="muted" aria-busy="true">
          Đang tải…
        </p>
      );
    case 'missing':
      return <p class="muted">{empty}</p>;
    case 'error':
      return <p class="muted">{loaded.message}</p>;
    case 'ok':
      if (Array.isArray(loaded.body) && loaded.body.length === 0) return <p class="muted">{empty}</p>;
      return <>{children(loaded.body)}</>;
  }
}

/** The outcome of the last action: the server's refusal in Vietnamese, or what was recorded. */
export type Outcome = { readonly ok: boolean; readonly text: string } | null;

export function OutcomeNote({ outcome }: { outcome: Outcome }) {
  if (outcome === null) return null;
  return outcome.ok ? (
    <p class="note ok" role="status">
      {outcome.text}
    </p>
  ) : (
    <p class="note refused" role="alert">
      {outcome.text}
    </p>
  );
}

export function Section({ title, id, children }: { title: string; id: string; children: ComponentChildren }) {
  return (
    <section aria-labelledby={id} class="card">
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
