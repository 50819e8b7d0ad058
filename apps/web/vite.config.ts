import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
// The server's closed lists and rules, one file at a time (`@forebyg/domain/stages`); never the domain's index,
// which pulls in Node-only code. Same mapping as `paths` in tsconfig.json.
const domainSrc = fileURLToPath(new URL('../../libs/domain/src/', import.meta.url));
const apiTarget = 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  plugins: [react()],
  resolve: {
    alias: [{ find: /^@forebyg\/domain\/(.+)$/, replacement: `${domainSrc}$1` }],
  },
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // The libraries the first page needs in one chunk (one request instead of a dozen, and its hash survives
          // deploys that change only our code). Libraries only lazy pages use stay with those pages' chunks.
          groups: [{ name: 'vendor', test: /[\\/]node_modules[\\/]/, tags: ['$initial'] }],
        },
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/health': { target: apiTarget, changeOrigin: false },
    },
  },
  preview: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/health': { target: apiTarget, changeOrigin: false },
    },
  },
});
