/** A document's bytes as an HTTP answer: its media type and an attachment file name. */
import { StreamableFile } from '@nestjs/common';

export function documentReply(bytes: Buffer, contentType: string, fileName: string): StreamableFile {
  return new StreamableFile(bytes, {
    type: contentType,
    disposition: `attachment; filename="${fileName}"`,
    length: bytes.length,
  });
}
