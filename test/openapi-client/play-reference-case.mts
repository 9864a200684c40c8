/**
 * An integrator's script: plays the reference case against a running API with a client
 * generated from its OpenAPI document (openapi-typescript's `api.d.ts` beside this file, made
 * by openapi-client.e2e-spec.ts) and openapi-fetch, then reads every query. Every call below is
 * type-checked against the generated paths, and the queries' answers are used through their
 * generated types, so an answer documented without a schema (typed `never`) fails to compile.
 *
 * Input (argv[2]): a JSON file of {baseUrl, blocId, year, auditorToken, boardToken, steps:
 * [{name, token, body}]}. Output (stdout): every answer as {method, path, status, body}.
 * Not part of the repository's tsconfig (.mts): it compiles only beside a generated api.d.ts.
 */
import { readFileSync } from 'node:fs';
import createClient from 'openapi-fetch';
import type { components, paths } from './api.js';

type Schemas = components['schemas'];

interface Step {
  readonly name: string;
  readonly token: string;
  readonly body: unknown;
}

interface Input {
  readonly baseUrl: string;
  readonly blocId: string;
  readonly year: number;
  readonly auditorToken: string;
  readonly boardToken: string;
  readonly steps: readonly Step[];
}

interface Answer {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly body: unknown;
}

const input = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Input;
const client = createClient<paths>({ baseUrl: input.baseUrl });
const answers: Answer[] = [];
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Keeps what openapi-fetch got: the answer's status and JSON, whether data or error. */
async function recorded<T extends { response: Response; data?: unknown; error?: unknown }>(
  method: string,
  call: Promise<T>,
): Promise<T> {
  const result = await call;
  const url = new URL(result.response.url);
  answers.push({
    method,
    path: url.pathname + url.search,
    status: result.response.status,
    body: result.data ?? result.error,
  });
  return result;
}

const { blocId, year } = input;
const cycle = { path: { blocId, year } };

for (const { name, token, body } of input.steps) {
  const headers = { ...bearer(token), 'Idempotency-Key': `openapi-client:${blocId}:${year}:${name}` };
  const kind = name.split(':')[0];
  const sent = await recorded(
    'POST',
    kind === 'register'
      ? client.POST('/api/blocs', { headers, body: body as Schemas['RegisterBlocDto'] })
      : kind === 'open'
        ? client.POST('/api/blocs/{blocId}/cycles', {
            headers,
            params: { path: { blocId } },
            body: body as Schemas['OpenCycleDto'],
          })
        : kind === 'target'
          ? client.POST('/api/blocs/{blocId}/cycles/{year}/targets', {
              headers,
              params: cycle,
              body: body as Schemas['SetIndicatorTargetDto'],
            })
          : kind === 'sign'
            ? client.POST('/api/blocs/{blocId}/cycles/{year}/signatures', {
                headers,
                params: cycle,
                body: body as Schemas['SignPactDto'],
              })
            : kind === 'report'
              ? client.POST('/api/blocs/{blocId}/cycles/{year}/reports', {
                  headers,
                  params: cycle,
                  body: body as Schemas['ReportIndicatorDto'],
                })
              : kind === 'review'
                ? client.POST('/api/blocs/{blocId}/cycles/{year}/review', {
                    headers,
                    params: cycle,
                    body: body as Schemas['OpenReviewDto'],
                  })
                : kind === 'score'
                  ? client.POST('/api/blocs/{blocId}/cycles/{year}/scores', {
                      headers,
                      params: cycle,
                      body: body as Schemas['AwardScoreDto'],
                    })
                  : kind === 'finalize'
                    ? client.POST('/api/blocs/{blocId}/cycles/{year}/scoring/finalize', {
                        headers,
                        params: cycle,
                        body: body as Schemas['FinalizeScoringDto'],
                      })
                    : kind === 'honour'
                      ? client.POST('/api/blocs/{blocId}/cycles/{year}/leading-unit', {
                          headers,
                          params: cycle,
                          body: body as Schemas['HonorLeadingUnitDto'],
                        })
                      : kind === 'elect'
                        ? client.POST('/api/blocs/{blocId}/cycles/{year}/elections', {
                            headers,
                            params: cycle,
                            body: body as Schemas['ElectLeadershipDto'],
                          })
                        : Promise.reject(new Error(`no call for the step ${name}`)),
  );
  // The generated type of a 201: CommandAccepted.
  if (sent.data === undefined)
    throw new Error(`${name}: ${sent.response.status} ${JSON.stringify(sent.error)}`);
  const position: number = sent.data.position;
  const events: string[] = sent.data.events;
  if (position < 1 || events.length === 0) throw new Error(`${name}: nothing written`);
}

const auditor = { headers: bearer(input.auditorToken) };
const board = { headers: bearer(input.boardToken) };

const blocs = await recorded('GET', client.GET('/api/blocs', auditor));
const memberNames: string[] = (blocs.data ?? []).flatMap((bloc) => bloc.members.map((member) => member.name));
const bloc = await recorded(
  'GET',
  client.GET('/api/blocs/{blocId}', { ...auditor, params: { path: { blocId } } }),
);
const years: readonly number[] = bloc.data?.years ?? [];
const opened = await recorded(
  'GET',
  client.GET('/api/blocs/{blocId}/cycles/{year}', { ...auditor, params: cycle }),
);
const phase: 'signing' | 'in_force' | 'review' | 'finalized' | 'closed' | undefined = opened.data?.phase;
const standings = await recorded(
  'GET',
  client.GET('/api/blocs/{blocId}/cycles/{year}/standings', { ...auditor, params: cycle }),
);
const provisional: boolean | undefined = standings.data?.provisional;
const ranking = await recorded(
  'GET',
  client.GET('/api/blocs/{blocId}/cycles/{year}/ranking', { ...auditor, params: cycle }),
);
const top = ranking.data?.units[0];
const topTotal: number | undefined = top?.total;
const topContents: Record<string, number> | undefined = top?.byContent;
const leadingUnit: string | null | undefined = ranking.data?.leadingUnit;
const leadership = await recorded(
  'GET',
  client.GET('/api/blocs/{blocId}/leadership', { ...auditor, params: { path: { blocId } } }),
);
const nextLeader: string | null | undefined = leadership.data?.next?.leader;
const nextYear = await recorded(
  'GET',
  client.GET('/api/blocs/{blocId}/leadership/{year}', {
    ...auditor,
    params: { path: { blocId, year: year + 1 } },
  }),
);
const status: 'elected' | 'proposed' | 'partial' | undefined = nextYear.data?.status;
const audit = await recorded(
  'GET',
  client.GET('/api/audit', { ...auditor, params: { query: { blocId, type: 'ScoreAwarded', limit: 1000 } } }),
);
const scorers = new Set((audit.data?.items ?? []).map((event) => event.metadata.actor.sub));
const verify = await recorded('GET', client.GET('/api/audit/verify', auditor));
const intact: boolean | undefined = verify.data?.ok;
const key = await recorded('GET', client.GET('/api/audit/key', auditor));
const algorithm: 'Ed25519' | undefined = key.data?.algorithm;
// 404 until the signer has signed a first head: both are documented answers.
await recorded('GET', client.GET('/api/audit/head', board));
const health = await recorded('GET', client.GET('/api/health'));
const lags: number[] = (health.data?.projections ?? []).map((projection) => projection.lag);
await recorded('GET', client.GET('/api/health/live'));
await recorded('GET', client.GET('/api/health/ready'));

// Refusals, typed by the error schema.
const anonymous = await recorded('GET', client.GET('/api/blocs'));
const unauthenticated: string | undefined = anonymous.error?.code;
const unknown = await recorded(
  'GET',
  client.GET('/api/blocs/{blocId}/cycles/{year}/ranking', {
    ...auditor,
    params: { path: { blocId: 'no-such-bloc', year } },
  }),
);
const notFound: string | undefined = unknown.error?.code;

process.stdout.write(
  JSON.stringify({
    answers,
    seen: {
      memberNames,
      years,
      phase,
      provisional,
      topTotal,
      topContents,
      leadingUnit,
      nextLeader,
      status,
      scorers: [...scorers],
      intact,
      algorithm,
      lags,
      unauthenticated,
      notFound,
    },
  }),
);
