/**
 * `npm run -s documents -- minutes|score-sheet --bloc B --year Y --out FILE [--format pdf|docx]`:
 * prints the file's SHA-256 and size; exits 2 on wrong arguments, an unknown bloc-year, or
 * minutes asked for before scoring is finalized.
 */
import { createHash } from 'node:crypto';
import { documentRequest, writeDocument } from './documents-command.js';

try {
  const request = documentRequest(process.argv.slice(2));
  const bytes = await writeDocument(request, process.env);
  console.log(
    `${request.out}: ${bytes.length} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex')}`,
  );
} catch (error) {
  console.error(`documents: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
