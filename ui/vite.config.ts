/**
 * The web UI's build (`npm run ui:build`, into ui/dist, served by `ferry serve` at `/`) and its
 * dev server (`npm run ui:dev`), which proxies the API to a running Ferry (FERRY_URL, default
 * http://127.0.0.1:8080) so the browser sees one origin, as in production.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.FERRY_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    proxy: {
      '/api': { target: api, changeOrigin: true },
      '/healthz': { target: api, changeOrigin: true },
    },
  },
});
