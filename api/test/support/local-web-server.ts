import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Route = (request: IncomingMessage, response: ServerResponse) => void;

/** A real HTTP server on 127.0.0.1 serving pages, feeds and redirects to outbound-request tests. */
export interface LocalWebServer {
  port: number;
  /** `127.0.0.1:<port>`, as OUTBOUND_ALLOWLIST lists it. */
  hostPort: string;
  url(path: string): string;
  /** Serves `path` (path and query, exactly) with `route`; replaces an earlier one. */
  route(path: string, route: Route): void;
  /** Every request received, in order, as `METHOD /path`, with its headers. */
  requests: Array<{ line: string; headers: IncomingMessage['headers'] }>;
  close(): Promise<void>;
}

export async function startLocalWebServer(): Promise<LocalWebServer> {
  const routes = new Map<string, Route>();
  const requests: LocalWebServer['requests'] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    requests.push({ line: `${request.method} ${request.url}`, headers: request.headers });
    const route = routes.get(request.url ?? '/');
    if (route) return route(request, response);
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    hostPort: `127.0.0.1:${port}`,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    route: (path, route) => routes.set(path, route),
    requests,
    close: async () => {
      // Routes that never answer (time-out tests) hold their sockets open.
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A route answering `body` with `type` and any extra headers. */
export function serve(
  body: string | Buffer,
  type: string,
  headers: Record<string, string> = {},
): Route {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': type, ...headers }).end(body);
  };
}

/** A route redirecting to `location` with `status`. */
export function redirectTo(location: string, status = 302): Route {
  return (_request, response) => {
    response.writeHead(status, { location }).end();
  };
}
