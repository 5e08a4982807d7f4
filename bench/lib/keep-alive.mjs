// A minimal keep-alive HTTP client over node:http for latency benchmarks: one agent per target,
// so the API and Meilisearch are measured with the same client costs. Prints nothing.
import http from 'node:http';

/** A requester bound to one origin; resolves with { status, text, ms } once the body is read. */
export function keepAliveClient(origin, { maxSockets = 8 } = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const base = new URL(origin);
  const request = (method, path, { headers = {}, body } = {}) =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const payload =
        body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      const req = http.request(
        {
          host: base.hostname,
          port: base.port,
          method,
          path,
          agent,
          headers: {
            ...(payload !== undefined
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
              : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () =>
            resolve({
              status: res.statusCode,
              text: Buffer.concat(chunks).toString('utf8'),
              ms: performance.now() - started,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  return { request, close: () => agent.destroy() };
}
