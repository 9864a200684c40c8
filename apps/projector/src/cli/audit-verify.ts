/**
 * `npm run audit:verify -- [--head FILE]`: walks the log's hash chain, checks every signed head
 * (and the saved head in FILE), prints the report as JSON and exits 1 when the log is broken.
 */
import { auditVerifyReport } from './audit-verify-report.js';

const { report, exitCode } = await auditVerifyReport(process.argv.slice(2), process.env);
console.log(JSON.stringify(report));
process.exitCode = exitCode;
