import { dirname, join } from 'node:path';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

const apiDevServer = 'http://127.0.0.1:3000';

/** Followed by the folder of engine.io-client's own modules (build/esm). */
const ENGINE_TRANSPORTS = '\0briefroom:engine.io-transports:';

/**
 * The browser talks to socket.io over WebSocket only (`$lib/realtime/realtime.ts`), but
 * engine.io-client's Socket imports its table of every transport (HTTP long-polling, WebSocket,
 * WebTransport), so none can be tree-shaken. In the browser build that table holds WebSocket
 * alone: 2 KB less gzip on every page. Should engine.io-client move its files, the import no
 * longer matches and the whole client is bundled, as before; should it rename the transport, the
 * build fails.
 */
function websocketOnlySocketIo(): Plugin {
  return {
    name: 'briefroom:websocket-only-socket.io',
    apply: 'build',
    enforce: 'pre',
    resolveId(source, importer) {
      if (this.environment.name !== 'client' || source !== './transports/index.js') return null;
      const folder = importer && dirname(importer);
      if (!folder?.replaceAll('\\', '/').endsWith('/node_modules/engine.io-client/build/esm'))
        return null;
      return ENGINE_TRANSPORTS + folder;
    },
    load(id) {
      if (!id.startsWith(ENGINE_TRANSPORTS)) return null;
      const websocket = join(id.slice(ENGINE_TRANSPORTS.length), 'transports', 'websocket.js');
      return `import { WS } from ${JSON.stringify(websocket)};\nexport const transports = { websocket: WS };\n`;
    },
  };
}

export default defineConfig({
  plugins: [websocketOnlySocketIo(), sveltekit()],
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
