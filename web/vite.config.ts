import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

const apiDevServer = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [sveltekit()],
  server: {
    // In development the API runs on its own port; the browser still sees one origin.
    proxy: {
      '/api': { target: apiDevServer, changeOrigin: false },
      '/socket.io': { target: apiDevServer, ws: true, changeOrigin: false },
    },
  },
  ssr: {
    // The workspace root hoists cookie@2 (for the API); SvelteKit needs its own nested cookie@0.6,
    // which only resolves from Kit's folder, so bundle it instead of importing it by bare name.
    noExternal: ['cookie'],
  },
  // Component tests run Svelte's browser build inside jsdom, not its server build.
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['@testing-library/svelte/vitest', './src/test-setup.ts'],
  },
});
