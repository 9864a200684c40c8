/**
 * Checks recorded answers against the OpenAPI document the application serves: each answer's
 * status must be documented for its operation, and its JSON must validate (ajv) against the
 * schema documented for that status. The check is stricter than the document: an object schema
 * that lists its properties admits no others here, so an answer field the document forgot
 * fails the spec instead of slipping through.
 */
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Api, ApiResponse, E2eApp } from './e2e-app.js';

// ajv-formats is CommonJS: under native ESM its function is the default export's default.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

type Json = Record<string, unknown>;

/** One answer as a client saw it. */
export interface RecordedAnswer {
  readonly method: string;
  /** The path asked for, with its query string (`/api/blocs/kg-4/cycles/2017?x=1`). */
  readonly path: string;
  readonly status: number;
  readonly body: unknown;
  /**
   * The answer's Content-Type, where it may be other than JSON (a file, say): such an answer
   * must be of a media type documented for its status; its bytes are not checked.
   */
  readonly contentType?: string;
}

/** What is wrong with one answer: an undocumented status or the schema's complaints. */
export interface AnswerMismatch {
  readonly answer: string;
  readonly problems: readonly string[];
}

/** The document's schemas as JSON Schema for ajv: `nullable` made a null alternative, objects closed. */
function strictSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strictSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const { nullable, example: _example, ...rest } = schema as Json;
  const converted: Json = Object.fromEntries(
    Object.entries(rest).map(([key, value]) => [
      key,
      key === 'properties'
        ? Object.fromEntries(
            Object.entries(value as Json).map(([name, property]) => [name, strictSchema(property)]),
          )
        : strictSchema(value),
    ]),
  );
  if (converted.properties !== undefined && converted.additionalProperties === undefined) {
    converted.additionalProperties = false;
  }
  return nullable === true ? { anyOf: [converted, { type: 'null' }] } : converted;
}

/** The OpenAPI path template an actual path falls under (`/api/blocs/{blocId}`), if any. */
function templateOf(templates: readonly string[], path: string): string | undefined {
  const segments = path.split('?')[0]!.split('/');
  const matching = templates.filter((template) => {
    const parts = template.split('/');
    return (
      parts.length === segments.length &&
      parts.every((part, i) => part.startsWith('{') || part === segments[i])
    );
  });
  // A literal segment beats a parameter: /api/audit/verify, not /api/audit/{x}.
  const literals = (template: string) => template.split('/').filter((part) => !part.startsWith('{')).length;
  return matching.sort((a, b) => literals(b) - literals(a))[0];
}

export class OpenApiAnswers {
  private readonly ajv: Ajv;

  private constructor(private readonly document: Json) {
    this.ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(this.ajv);
    this.ajv.addSchema({
      $id: 'openapi',
      components: strictSchema((document as { components: Json }).components),
    });
  }

  /** The document `url` serves at /docs-json. */
  static async served(url: string): Promise<OpenApiAnswers> {
    const response = await fetch(`${url}/docs-json`);
    return new OpenApiAnswers((await response.json()) as Json);
  }

  static of(document: Json): OpenApiAnswers {
    return new OpenApiAnswers(document);
  }

  /** Every answer that does not match the document, with what is wrong (empty: all match). */
  mismatches(answers: readonly RecordedAnswer[]): AnswerMismatch[] {
    return answers.flatMap((answer) => {
      const problems = this.problemsOf(answer);
      return problems.length === 0
        ? []
        : [{ answer: `${answer.method} ${answer.path} → ${answer.status}`, problems }];
    });
  }

  /** The operation's documented schema for this status; undefined when the status is not documented. */
  private problemsOf({ method, path, status, body, contentType }: RecordedAnswer): string[] {
    const paths = this.document.paths as Record<string, Json>;
    const template = templateOf(Object.keys(paths), path);
    if (template === undefined) return [`no path of the document matches ${path}`];
    const operation = paths[template]![method.toLowerCase()] as Json | undefined;
    if (operation === undefined) return [`${template} documents no ${method}`];
    const response = (operation.responses as Record<string, Json>)[String(status)];
    if (response === undefined) return [`status ${status} is not documented for ${method} ${template}`];
    const content = response.content as Record<string, { schema?: unknown }> | undefined;
    const mediaType = contentType?.split(';')[0]!.trim().toLowerCase();
    if (mediaType !== undefined && mediaType !== 'application/json') {
      return content?.[mediaType] === undefined
        ? [`${method} ${template} ${status} documents no ${mediaType} answer`]
        : [];
    }
    const schema = content?.['application/json']?.schema;
    if (schema === undefined) return [`${method} ${template} ${status} documents no JSON schema`];
    const validate = this.ajv.compile({
      $ref: '#/definitions/answer',
      definitions: { answer: this.rooted(schema) },
    });
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (error: ErrorObject) =>
        `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
    );
  }

  /** The answer's schema with its `#/components/...` references pointing into the document. */
  private rooted(schema: unknown): unknown {
    return JSON.parse(
      JSON.stringify(strictSchema(schema)).replaceAll('"#/components/', '"openapi#/components/'),
    );
  }
}

/** An Api that also records every answer it gets, for an OpenApiAnswers check. */
export function recordingApi(api: Api, recorded: RecordedAnswer[]): Api {
  return async (method, path, options) => {
    const response: ApiResponse = await api(method, path, options);
    recorded.push({ method, path, status: response.status, body: response.body });
    return response;
  };
}

/** The same application, its `api` recording every answer into `recorded`. */
export function recordingAnswers(e2e: E2eApp, recorded: RecordedAnswer[]): E2eApp {
  return { ...e2e, api: recordingApi(e2e.api, recorded) };
}
