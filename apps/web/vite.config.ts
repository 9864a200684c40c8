// The console's build: Preact through Vite, into dist/web where the API serves it from.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [preact()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
  },
  // `npm run dev:web`: the API runs on :3000 and Vite proxies /api to it.
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
