/**
 * The OpenAPI description as an integrator uses it: a typed client generated from the document
 * the application serves (openapi-typescript), a script that plays the reference case with it
 * (openapi-fetch; test/openapi-client/play-reference-case.mts) compiled by tsc against the
 * generated types, run against the real application, and every answer it got validated against
 * the document's schemas.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Actor } from '@app/domain';
import { readReferenceCase, type ReferenceCase } from '@app/domain/testing';
import { signToken } from '../apps/api/src/auth/token.signer.js';
import { referenceCaseSteps } from '../apps/api/src/cli/reference-case-script.js';
import { type E2eApp, startE2eApp } from './support/e2e-app.js';
import { OpenApiAnswers, type RecordedAnswer } from './support/openapi-answers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCRIPT = join(ROOT, 'test/openapi-client/play-reference-case.mts');

function run(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { NODE_OPTIONS: _jestOptions, ...env } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: typeof error?.code === 'number' ? error.code : error ? 1 : 0, stdout, stderr }),
    );
  });
}

describe('a client generated from the served OpenAPI document', () => {
  let e2e: E2eApp;
  let reference: ReferenceCase;
  let work: string;
  let document: Record<string, unknown>;

  beforeAll(async () => {
    reference = readReferenceCase();
    e2e = await startE2eApp();
    // Inside the repository, so that the script resolves openapi-fetch from its node_modules.
    await mkdir(join(ROOT, 'dist'), { recursive: true });
    work = await mkdtemp(join(ROOT, 'dist', 'openapi-client-'));
    document = (await (await fetch(`${e2e.url}/docs-json`)).json()) as Record<string, unknown>;
    await writeFile(join(work, 'openapi.json'), JSON.stringify(document));
  });

  afterAll(async () => {
    await e2e?.close();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it('generates, compiles against the generated types, plays the reference case and gets only documented answers', async () => {
    const generated = await run([
      'node_modules/openapi-typescript/bin/cli.js',
      join(work, 'openapi.json'),
      '--output',
      join(work, 'api.d.ts'),
    ]);
    expect(generated).toMatchObject({ code: 0 });

    await copyFile(SCRIPT, join(work, 'play-reference-case.mts'));
    await writeFile(
      join(work, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2023',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          lib: ['ES2023', 'DOM'],
          types: ['node'],
          typeRoots: [join(ROOT, 'node_modules/@types')],
          strict: true,
          noEmitOnError: true,
          skipLibCheck: true,
        },
        files: ['play-reference-case.mts', 'api.d.ts'],
      }),
    );
    // Type errors (a call the document does not allow, an answer typed `never`) fail here.
    const compiled = await run(['node_modules/typescript/bin/tsc', '-p', join(work, 'tsconfig.json')]);
    expect(compiled.stdout + compiled.stderr).toBe('');
    expect(compiled.code).toBe(0);

    const tokens = new Map<string, Promise<string>>();
    const tokenOf = (principal: Actor) => {
      if (!tokens.has(principal.sub)) tokens.set(principal.sub, signToken(e2e.config.authSecret, principal));
      return tokens.get(principal.sub)!;
    };
    const input = {
      baseUrl: e2e.url,
      blocId: reference.bloc.id,
      year: reference.cycle.year,
      auditorToken: await e2e.token('auditor', 'inspector'),
      boardToken: await e2e.token('board', 'chairman'),
      steps: await Promise.all(
        referenceCaseSteps(reference).map(async ({ name, principal, body }) => ({
          name,
          token: await tokenOf(principal),
          body,
        })),
      ),
    };
    await writeFile(join(work, 'input.json'), JSON.stringify(input));
    const played = await run([join(work, 'play-reference-case.mjs'), join(work, 'input.json')]);
    expect(played.stderr).toBe('');
    expect(played.code).toBe(0);

    const { answers, seen } = JSON.parse(played.stdout) as {
      answers: RecordedAnswer[];
      seen: Record<string, unknown>;
    };
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(input.steps.length);
    expect(OpenApiAnswers.of(document).mismatches(answers)).toEqual([]);
    expect(seen).toMatchObject({
      leadingUnit: reference.leadingUnit,
      intact: true,
      algorithm: 'Ed25519',
      unauthenticated: 'UNAUTHENTICATED',
      notFound: 'NOT_FOUND',
    });
  });
});
