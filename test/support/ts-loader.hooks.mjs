import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, resolve as resolvePath } from 'node:path';
import { transformSync } from '@swc/core';

const root = resolvePath(dirname(fileURLToPath(import.meta.url)), '../..');
const tsconfig = JSON.parse(readFileSync(resolvePath(root, 'tsconfig.json'), 'utf8'));
const aliases = new Map(
  Object.entries(tsconfig.compilerOptions.paths).map(([alias, [target]]) => [alias, resolvePath(root, target)]),
);

export async function resolve(specifier, context, nextResolve) {
  const alias = aliases.get(specifier);
  if (alias) return { url: pathToFileURL(alias).href, shortCircuit: true };
  if ((specifier.startsWith('.') || specifier.startsWith('file:')) && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
    const candidate = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
    if (existsSync(fileURLToPath(candidate))) return { url: candidate.href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.endsWith('.ts')) return nextLoad(url, context);
  const source = readFileSync(fileURLToPath(url), 'utf8');
  const { code } = transformSync(source, {
    filename: fileURLToPath(url),
    sourceMaps: 'inline',
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'es6' },
  });
  return { format: 'module', source: code, shortCircuit: true };
}
