import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * The web UI lives in web/ and builds into web/dist, which the API process serves
 * (src/api/plugins/web.ts). `vite --config web/vite.config.ts` proxies /api to a running
 * `npm start` for development.
 */
export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // web/check-bundle.mjs reads which chunk comes from which source to size the first screen.
    manifest: true,
    sourcemap: true,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
