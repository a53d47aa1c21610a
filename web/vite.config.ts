import { defineConfig, defaultClientConditions } from 'vite';
import react from '@vitejs/plugin-react';

// `source` makes Vite bundle @mailbridge/contract from its TypeScript source, so the page and
// the server always share the same schemas and diagnosis texts without a separate build step.
export default defineConfig({
  base: '/',
  plugins: [react()],
  resolve: { conditions: ['source', ...defaultClientConditions] },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/oauth': 'http://127.0.0.1:3000' } },
});
