/** The console's HTTP client: the token from sessionStorage, Vietnamese error messages, JSON in and out. */

const TOKEN_KEY = 'token';

export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string | null): void {
  if (token === null) sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, token);
}

/** What the signed-in token says of its holder (read for display only; the server checks it). */
export interface Principal {
  readonly sub: string;
  readonly name?: string;
  readonly role: 'board' | 'unit' | 'auditor';
  readonly unit?: string;
  readonly province?: string;
}

export function principalOf(token: string): Principal | null {
  const payload = token.split('.')[1];
  if (payload === undefined) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as Partial<Principal>;
    if (typeof claims.sub !== 'string' || !['board', 'unit', 'auditor'].includes(String(claims.role)))
      return null;
    return claims as Principal;
  } catch {
    return null;
  }
}

/** An answer: the body when ok, the server's (Vietnamese) error otherwise. */
export type Answer<T> =
  | { readonly ok: true; readonly status: number; readonly body: T }
  | { readonly ok: false; readonly status: number; readonly code: string; readonly message: string };

function headers(json: boolean): Record<string, string> {
  const token = storedToken();
  return {
    accept: 'application/json',
    'accept-language': 'vi',
    ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    ...(json ? { 'content-type': 'application/json' } : {}),
  };
}

async function answerOf<T>(response: Response): Promise<Answer<T>> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (response.ok) return { ok: true, status: response.status, body: body as T };
  const error = (body ?? {}) as { code?: string; message?: string };
  return {
    ok: false,
    status: response.status,
    code: error.code ?? 'HTTP_' + response.status,
    message: error.message ?? `Máy chủ trả lời lỗi ${response.status}`,
  };
}

const unreachable = <T>(): Answer<T> => ({
  ok: false,
  status: 0,
  code: 'NETWORK',
  message: 'Không kết nối được tới máy chủ',
});

export async function get<T>(path: string): Promise<Answer<T>> {
  try {
    return await answerOf<T>(await fetch(`/api${path}`, { headers: headers(false) }));
  } catch {
    return unreachable<T>();
  }
}

export async function post<T = { position: number; events: string[] }>(
  path: string,
  body: unknown,
): Promise<Answer<T>> {
  try {
    return await answerOf<T>(
      await fetch(`/api${path}`, { method: 'POST', headers: headers(true), body: JSON.stringify(body) }),
    );
  } catch {
    return unreachable<T>();
  }
}

/** Downloads a document the API serves behind the token (a plain link would carry no token). */
export async function download(path: string, fileName: string): Promise<Answer<null>> {
  try {
    const response = await fetch(`/api${path}`, { headers: { ...headers(false), accept: '*/*' } });
    if (!response.ok) return (await answerOf<null>(response)) as Answer<null>;
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
    return { ok: true, status: response.status, body: null };
  } catch {
    return unreachable<null>();
  }
}

/** The live standings' EventSource URL (EventSource sets no headers: the token rides in the query). */
export function standingsStreamUrl(blocId: string, year: number): string {
  const token = storedToken() ?? '';
  return `/api/blocs/${encodeURIComponent(blocId)}/cycles/${year}/standings/stream?access_token=${encodeURIComponent(token)}`;
}
