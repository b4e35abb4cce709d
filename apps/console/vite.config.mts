import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The console, built to dist/console and served under /console by the API (or by any static web server in
 * production, with its config.json beside index.html). JSX is compiled by Vite's own transform (tsconfig: react-jsx).
 * `npm run build:console` sets NODE_ENV=production: the test and bench scripts export NODE_ENV=test, which would
 * otherwise bundle React's development build (half as large again, and slower).
 */
export default defineConfig({
  root,
  base: '/console/',
  resolve: { alias: { '@app/client': fileURLToPath(new URL('../../libs/client/src', import.meta.url)) } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      // "use client" marks React server-component boundaries, meaningless in a single-page app.
      onwarn(warning, avvisa) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') avvisa(warning);
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
