/**
 * XLSX and DOCX are zip files whose entries carry the time they were zipped, and DOCX's core
 * properties the time it was packed: setting both to the document's own moment makes the same
 * content give the same bytes.
 */
import JSZip from 'jszip';

const CORE_PROPERTIES = 'docProps/core.xml';
const CORE_DATES = /(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g;

export async function reproducibleZip(zipped: Buffer | Uint8Array, date: Date): Promise<Buffer> {
  const zip = await JSZip.loadAsync(zipped);
  const core = zip.file(CORE_PROPERTIES);
  if (core !== null) {
    const stamp = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
    zip.file(CORE_PROPERTIES, (await core.async('string')).replace(CORE_DATES, `$1${stamp}$2`));
  }
  zip.forEach((_path, entry) => {
    entry.date = date;
  });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
