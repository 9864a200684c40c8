/**
 * `npm run audit:verify -- [--head FILE]`: walks the log's hash chain, checks every signed head
 * (and the saved head in FILE), prints the report as JSON and exits 1 when the log is broken,
 * 2 when it could not check (wrong arguments, an unreadable FILE, a store it cannot open).
 * `npm run audit:verify -- --file EXPORT [--key PEM]` checks an export file offline instead.
 */
import { auditVerifyReport } from './audit-verify-report.js';

try {
  const { report, exitCode } = await auditVerifyReport(process.argv.slice(2), process.env);
  console.log(JSON.stringify(report));
  process.exitCode = exitCode;
} catch (error) {
  console.error(`audit:verify: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
