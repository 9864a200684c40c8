/**
 * A rebuild in a process of its own, for the parallel rebuild's spec:
 *   node [node options] --import test/support/ts-loader.mjs run-rebuild.ts <dataDir> <parts>
 * Its worker threads inherit this process's Node options, as the CLI's do; prints the report.
 */
import { rebuildSqliteReadModels } from '../engine/parallel-rebuild.js';

const [dataDir, parts] = process.argv.slice(2);
if (dataDir === undefined) throw new Error('usage: run-rebuild.ts <dataDir> [parts]');
console.log(JSON.stringify(await rebuildSqliteReadModels({ dataDir, parts: Number(parts ?? 2) })));
