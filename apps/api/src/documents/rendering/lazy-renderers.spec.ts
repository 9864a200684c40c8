/**
 * The document libraries (exceljs, pdfkit, docx: about 20 MiB of the API's RSS) load when a document is
 * first rendered or imported, not when the API starts: no module the API's entry point imports
 * statically may import them statically (render-document.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../../', import.meta.url));
const HEAVY = ['exceljs', 'pdfkit', 'docx'];

/** `@app/...` as tsconfig.json maps them. */
const aliases = (
  JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  }
).compilerOptions.paths;

function aliasTarget(specifier: string): string | undefined {
  const target = aliases[specifier]?.[0];
  return target === undefined ? undefined : join(root, target);
}

/** The specifiers a module imports or re-exports for their values (not `import type`, not `import()`). */
function staticImports(source: string): string[] {
  const specifiers: string[] = [];
  const statement = /^\s*(import|export)\s+(?!type\s)([^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
  for (const match of source.matchAll(statement)) {
    if (match[1] === 'export' && match[2] === undefined) continue;
    specifiers.push(match[3]);
  }
  return specifiers;
}

/** Every package the entry point reaches through static imports, with the module that imports it. */
function packagesReachedFrom(entry: string): Map<string, string> {
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of staticImports(readFileSync(file, 'utf8'))) {
      let next: string | undefined;
      if (specifier.startsWith('.')) next = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
      else if (specifier.startsWith('@app/')) next = aliasTarget(specifier);
      if (next !== undefined) {
        if (existsSync(next)) pending.push(next);
        continue;
      }
      const name = specifier.startsWith('@')
        ? specifier.split('/').slice(0, 2).join('/')
        : specifier.split('/')[0];
      if (!packages.has(name)) packages.set(name, file.slice(root.length));
    }
  }
  return packages;
}

describe('the document libraries load on first use', () => {
  const reached = packagesReachedFrom(join(root, 'apps/api/src/main.ts'));

  it('the walk follows the API through its libraries (it sees Nest and better-sqlite3)', () => {
    expect(reached.has('@nestjs/core')).toBe(true);
    expect(reached.has('better-sqlite3')).toBe(true);
  });

  it.each(HEAVY)('%s is not imported statically by anything the API starts with', (name) => {
    expect(reached.get(name)).toBeUndefined();
  });
});
