/**
 * ApiUploadBody: the request body of an upload route as OpenAPI documents it: the file's raw
 * bytes under one of the media types taken as they are, or a multipart form whose `file` part
 * holds it (uploads.ts reads either). ApiBody cannot give each media type its own schema, so
 * this sets the operation's requestBody; place it below @ApiOperation (which merges with it).
 */
import { ApiOperation } from '@nestjs/swagger';
import { FILE_MEDIA_TYPES, UPLOAD_LIMIT_BYTES } from './uploads.js';

const RAW = { type: 'string', format: 'binary' } as const;

export function ApiUploadBody(what: string): MethodDecorator {
  return ApiOperation({
    requestBody: {
      required: true,
      description: `${what}: the raw bytes, or the first file of a multipart body; at most ${UPLOAD_LIMIT_BYTES / (1024 * 1024)} MiB`,
      content: {
        ...Object.fromEntries(FILE_MEDIA_TYPES.map((type) => [type, { schema: RAW }])),
        'multipart/form-data': {
          schema: { type: 'object', properties: { file: RAW }, required: ['file'] },
        },
      },
    },
  });
}
