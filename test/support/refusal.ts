/**
 * The check every refusal spec makes: the request is answered with an error in the one JSON
 * shape (never a stack trace), and the log did not grow.
 */
import { expect } from '@jest/globals';
import type { ApiResponse, E2eApp, RequestOptions } from './e2e-app.js';

/** Sends the request and returns its answer, asserting the error's shape and that nothing was written. */
export async function refusedWithoutWrites(
  e2e: E2eApp,
  method: string,
  path: string,
  options: RequestOptions,
): Promise<ApiResponse> {
  const head = await e2e.store.headPosition();
  const response = await e2e.api(method, path, options);
  expect(await e2e.store.headPosition()).toBe(head);
  expect(response.body).toEqual(
    expect.objectContaining({
      statusCode: response.status,
      code: expect.any(String),
      message: expect.any(String),
    }),
  );
  expect(JSON.stringify(response.body)).not.toMatch(/\bat .+\.(ts|js):\d+/);
  return response;
}
