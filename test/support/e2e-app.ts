/**
 * Starts the real application for end-to-end specs: a temporary SQLite DATA_DIR, a known
 * AUTH_SECRET, port 0 on 127.0.0.1. Requests go over real HTTP with fetch (not Fastify's
 * inject, which cannot load under Jest's ESM mode).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { Writable } from 'node:stream';
import { join } from 'node:path';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../apps/api/src/app.factory.js';
import { signToken } from '../../apps/api/src/auth/token.signer.js';
import type { AppConfig } from '@app/runtime';

export const E2E_AUTH_SECRET = 'e2e-secret-e2e-secret-e2e-secret-0123456789';

export type Role = 'board' | 'unit' | 'auditor';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- specs read answers field by field, as JSON
export interface ApiResponse<T = any> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export interface RequestOptions {
  readonly token?: string;
  readonly headers?: Record<string, string>;
  /** Sent as JSON; a string is sent as it is (malformed JSON tests). */
  readonly body?: unknown;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as ApiResponse
export type Api = <T = any>(
  method: string,
  path: string,
  options?: RequestOptions,
) => Promise<ApiResponse<T>>;

export interface E2eApp {
  readonly url: string;
  readonly dataDir: string;
  readonly app: NestFastifyApplication;
  /** The application's event store, to check what was (not) written. */
  readonly store: EventStore;
  readonly config: AppConfig;
  readonly api: Api;
  /** A valid bearer token for a principal (subject defaults to the role, then the unit). */
  token(role: Role, sub?: string, unit?: string): Promise<string>;
  /** Stops the app; the data folder is removed unless `keepData` (restart tests). */
  close(options?: { keepData?: boolean }): Promise<void>;
}

export interface StartOptions {
  /** Reuse a data folder (restart tests); a fresh temporary one otherwise. */
  readonly dataDir?: string;
  readonly config?: Partial<AppConfig>;
  /** Capture the JSON log lines here, at the configuration's LOG_LEVEL (otherwise: errors only, to stdout). */
  readonly logDestination?: Writable;
}

export async function startE2eApp(options: StartOptions = {}): Promise<E2eApp> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'blocs-e2e-')));
  const config: AppConfig = {
    port: 0,
    dataDir,
    eventStore: 'sqlite',
    authSecret: E2E_AUTH_SECRET,
    projections: 'on',
    production: false,
    ...options.config,
  };
  const app = await createApp(config, {
    logger: options.logDestination === undefined ? ['error'] : undefined,
    logDestination: options.logDestination,
    docsUi: false,
    webConsole: false,
  });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const store = app.get<EventStore>(EVENT_STORE);
  return {
    url,
    dataDir,
    app,
    store,
    config,
    api: createApi(url),
    token: (role, sub, unit) =>
      signToken(config.authSecret, {
        sub: sub ?? unit ?? role,
        role,
        name: `${role} ${sub ?? unit ?? ''}`.trim(),
        unit,
      }),
    async close({ keepData = false } = {}) {
      await app.close();
      if (!keepData) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A small JSON client for the API at `url`. */
export function createApi(url: string): Api {
  return async (method, path, { token, headers = {}, body } = {}) => {
    const init: RequestInit = { method, headers: { ...headers } };
    const requestHeaders = init.headers as Record<string, string>;
    if (token !== undefined) requestHeaders.authorization = `Bearer ${token}`;
    if (body !== undefined) {
      requestHeaders['content-type'] ??= 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const response = await fetch(url + path, init);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // Not JSON (e.g. the OpenAPI UI's HTML): the text is the body.
    }
    return { status: response.status, body: parsed as never, headers: response.headers };
  };
}

/** A framework small enough to score by hand: two contents, one bonus criterion. */
export const SMALL_FRAMEWORK = {
  contents: [
    {
      code: '1',
      title: 'Political tasks',
      criteria: [
        { code: '1.1', title: 'Targets', maxPoints: 60 },
        { code: '1.B', title: 'Bonus', maxPoints: 10, kind: 'bonus' },
      ],
    },
    { code: '2', title: 'Building', criteria: [{ code: '2.1', title: 'Organisation', maxPoints: 40 }] },
  ],
} as const;

export interface SmallCycle {
  readonly blocId: string;
  readonly year: number;
  /** `/api/blocs/{blocId}/cycles/{year}` */
  readonly path: string;
  /** Unit ids in member order: the first leads, the second is deputy. */
  readonly units: readonly string[];
  readonly board: string;
  /** A token per unit id, for that unit's officer. */
  readonly unit: Readonly<Record<string, string>>;
}

/**
 * Registers a bloc of three units and opens a cycle with one target per unit, then brings it
 * to the phase asked for (`signing` by default, `in_force`: all signed, `review`: review open).
 */
export async function seedCycle(
  e2e: Pick<E2eApp, 'api' | 'token'>,
  blocId: string,
  { year = 2024, phase = 'signing' }: { year?: number; phase?: 'signing' | 'in_force' | 'review' } = {},
): Promise<SmallCycle> {
  const units = ['a', 'b', 'c'].map((suffix) => `${blocId}-${suffix}`);
  const board = await e2e.token('board', 'board-officer');
  const unit = Object.fromEntries(
    await Promise.all(units.map(async (id) => [id, await e2e.token('unit', `${id}-officer`, id)])),
  );
  const path = `/api/blocs/${blocId}/cycles/${year}`;
  const send = async (route: string, token: string, body: unknown): Promise<void> => {
    const response = await e2e.api('POST', route, { token, body });
    if (response.status !== 201)
      throw new Error(`seeding ${route}: ${response.status} ${JSON.stringify(response.body)}`);
  };

  await send('/api/blocs', board, {
    id: blocId,
    name: `Bloc ${blocId}`,
    members: units.map((id) => ({ unitId: id, name: `Unit ${id}` })),
  });
  await send(`/api/blocs/${blocId}/cycles`, board, {
    year,
    framework: SMALL_FRAMEWORK,
    leader: units[0],
    deputy: units[1],
  });
  for (const id of units) {
    await send(`${path}/targets`, board, {
      unitId: id,
      code: 'T1',
      title: 'Target',
      criterion: '1.1',
      measure: '%',
      direction: 'increase',
      target: 80,
    });
  }
  if (phase !== 'signing') {
    for (const id of units)
      await send(`${path}/signatures`, unit[id], { unitId: id, signatory: { title: 'Giám đốc' } });
  }
  if (phase === 'review') await send(`${path}/review`, board, { meetingDate: `${year + 1}-01-12` });
  return { blocId, year, path, units, board, unit };
}
