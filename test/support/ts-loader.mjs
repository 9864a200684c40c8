// Lets a child process spawned by a test run the TypeScript sources directly:
//   spawn(process.execPath, ['--import', tsLoaderUrl, 'path/to/script.ts'])
// It resolves the tsconfig `@app/*` aliases and `./x.js` → `./x.ts`, and compiles with swc
// (decorator metadata on, as under Jest), so crash and multi-process tests exercise the real code.
import { register } from 'node:module';

register('./ts-loader.hooks.mjs', import.meta.url);
