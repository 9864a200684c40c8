/**
 * File uploads (target imports, documents to verify): the raw bytes of a spreadsheet, PDF,
 * DOCX or octet-stream body, or the first file of a multipart body, up to 20 MiB (API.md);
 * beyond, 413 PAYLOAD_TOO_LARGE.
 */
import fastifyMultipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../http/api.error.js';

export const UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

/** Media types whose body is taken as it is, as a Buffer. */
export const FILE_MEDIA_TYPES = [
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/pdf',
];

export async function registerUploads(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyMultipart, { limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1, fields: 10 } });
  app
    .getHttpAdapter()
    .getInstance()
    .addContentTypeParser(
      FILE_MEDIA_TYPES,
      { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT_BYTES },
      (_request, body, done) => done(null, body),
    );
}

/**
 * The uploaded file's bytes; 400 when the body holds no file (or is malformed multipart), 413
 * when it is over the limit.
 */
export async function uploadedBytes(request: FastifyRequest): Promise<Buffer> {
  if (isMultipartUpload(request)) {
    const bytes = await multipartFile(request);
    if (bytes === undefined)
      throw ApiError.validationFailed({ file: ['the multipart body holds no file'] }, 'no file');
    return bytes;
  }
  if (Buffer.isBuffer(request.body)) return request.body;
  throw ApiError.validationFailed(
    { body: [`the body must be a file: ${FILE_MEDIA_TYPES.join(', ')} or multipart/form-data`] },
    'the body must be a file',
  );
}

/** Whether the request's body is multipart (false where the multipart plugin is not registered). */
export function isMultipartUpload(request: FastifyRequest): boolean {
  return typeof request.isMultipart === 'function' && request.isMultipart();
}

/**
 * The first file of a multipart body, undefined when it holds none; 400 when the body is not
 * well-formed multipart, 413 when the file is over the limit. The body is read once per
 * request: the Idempotency-Key hook reads it before the handler does (to hash the file), and
 * the handler then gets the same bytes.
 */
export function multipartFile(request: FastifyRequest): Promise<Buffer | undefined> {
  let file = read.get(request);
  if (file === undefined) {
    file = readMultipartFile(request);
    read.set(request, file);
  }
  return file;
}

const read = new WeakMap<FastifyRequest, Promise<Buffer | undefined>>();

async function readMultipartFile(request: FastifyRequest): Promise<Buffer | undefined> {
  try {
    const part = await request.file();
    if (part === undefined) return undefined;
    const bytes = await part.toBuffer();
    if (part.file.truncated) throw tooLarge();
    return bytes;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    // Anything else the parser says is about the body the client sent (a missing boundary, a
    // form cut short, a malformed part header, too many parts or fields).
    throw ApiError.validationFailed(
      {
        body: [
          `the multipart body cannot be read: ${error instanceof Error ? error.message : String(error)}`,
        ],
      },
      'malformed multipart body',
    );
  }
}

function tooLarge(): ApiError {
  return new ApiError(413, 'PAYLOAD_TOO_LARGE', `a file may hold at most ${UPLOAD_LIMIT_BYTES} bytes`);
}
