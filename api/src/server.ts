import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Server as NetServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import { NestFactory } from '@nestjs/core';
import { LogController } from 'fastify';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { SetupService } from './auth/setup.service.js';
import { AdminService } from './admin/admin.service.js';
import { AppModule } from './app.module.js';
import { BriefingsService, RAW_IMPORT_TYPES } from './briefings/briefings.service.js';
import { errorBody } from './common/errors/error-body.js';
import { createOpenApiDocument } from './contract/openapi.js';
import { answerClientError, answerFrameworkError } from './common/errors/framework-errors.js';
import { boundRequestInput } from './common/input/request-bounds.js';
import { createLogger, PinoNestLogger } from './common/logging/logger.js';
import { requestContext } from './common/logging/request-context.js';
import { loadConfig, type AppConfig } from './config/app-config.js';
import { dataSourceOptions, MIGRATIONS, runMigrations } from './database/data-source.js';
import { JobQueue } from './jobs/job-queue.js';
import { METRICS, type Metrics } from './metrics/metrics.js';
import { RealtimeGateway } from './realtime/realtime.gateway.js';
import { RedisIoAdapter } from './realtime/redis-io.adapter.js';
import { dropUnprovenForwarding, mountWebPages } from './web/web-pages.js';

export { ConfigError, loadConfig } from './config/app-config.js';

/** Imports carry whole briefings (up to 2 MB of text); everything else is far smaller. */
const BODY_LIMIT = 3 * 1024 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Every REST route lives under /api. */
export const API_PREFIX = 'api';

const API_CSP = {
  defaultSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
};
/** Swagger UI loads its own script and styles from /api/docs. */
const DOCS_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'";

export interface RunningServer {
  url: string;
  /** The one-time code that opens /setup, when this process printed one (no account exists yet). */
  setupCode: string | undefined;
  app: NestFastifyApplication;
  /**
   * Graceful shutdown, idempotent: stops accepting connections at once, answers requests on
   * connections still open with 503 (`Connection: close`), closes socket.io transports (clients
   * reconnect elsewhere), lets requests in flight finish for up to 5 s, then closes the app:
   * background work drains and the database pool closes.
   */
  close(): Promise<void>;
}

/** Builds the whole HTTP application (API, docs, pages) without listening. */
export async function createApp(
  config: AppConfig,
): Promise<{ app: NestFastifyApplication; loadPages: (apiUrl: string) => Promise<void> }> {
  const logger = createLogger(config.logLevel);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // One line per request comes from the onResponse hook below, with route and timing.
    logController: new LogController({ disableRequestLogging: true }),
    // Without a declared proxy, only the in-process page server may forward client addresses (see dropUnprovenForwarding).
    trustProxy: config.trustProxy ? true : 'loopback',
    bodyLimit: BODY_LIMIT,
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // One logger for all: the request id comes from the request context (see createLogger's mixin).
    childLoggerFactory: (logger: unknown) => logger as never,
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(logger),
  });
  app.setGlobalPrefix(API_PREFIX);
  if (config.redisUrl) {
    const adapter = new RedisIoAdapter(app, config.redisUrl);
    await adapter.connect();
    app.useWebSocketAdapter(adapter);
  }

  const fastify = app.getHttpAdapter().getInstance();
  if (!config.trustProxy) dropUnprovenForwarding(fastify);
  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
    crossOriginEmbedderPolicy: false,
  });

  // Raw briefing documents arrive as bytes, decoded by their declared charset (fastify's own
  // text/plain parser would read them as UTF-8); the import route decides what each means.
  fastify.removeContentTypeParser('text/plain');
  fastify.addContentTypeParser(
    Object.keys(RAW_IMPORT_TYPES),
    { parseAs: 'buffer' },
    (_request, body, done) => done(null, body),
  );

  // Only the import routes take raw documents; every other route speaks JSON.
  const rawDocumentRoutes = new Set([
    '/api/briefings/import',
    '/api/briefings/preview',
    '/api/hooks/briefings',
  ]);
  fastify.addHook('preValidation', (request, reply, done) => {
    const mediaType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    const route = request.routeOptions.url ?? '';
    if (
      mediaType &&
      mediaType in RAW_IMPORT_TYPES &&
      route.startsWith('/api/') &&
      !rawDocumentRoutes.has(route)
    ) {
      void reply
        .code(415)
        .send(
          errorBody(
            'UNSUPPORTED_MEDIA_TYPE',
            'This route takes JSON (Content-Type: application/json).',
          ),
        );
      return;
    }
    done();
  });
  boundRequestInput(fastify, rawDocumentRoutes);

  const metrics = app.get<Metrics>(METRICS);
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.raw.setHeader('x-request-id', request.id);
    requestContext.enterWith({
      requestId: request.id,
      ip: request.ip,
      actorId: () => request.auth?.user.id,
    });
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (request.url.startsWith('/api/docs')) void reply.header('content-security-policy', DOCS_CSP);
    // API answers are per user (the sign-in reply carries a token): no cache may keep them.
    if (
      request.url.startsWith('/api/') &&
      !reply.hasHeader('cache-control') &&
      String(reply.getHeader('content-type')).startsWith('application/json')
    ) {
      void reply.header('cache-control', 'no-store');
    }
    done(null, payload);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    metrics.httpDuration.observe(
      { method: request.method, route, status },
      reply.elapsedTime / 1000,
    );
    request.log[status >= 500 ? 'error' : 'info'](
      {
        method: request.method,
        url: request.url,
        status,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
    done();
  });

  // Built on the first request for it, not at every start: scanning every route's metadata is the
  // costliest part of booting (~1 s of CPU). The contract test builds it in CI, so a broken
  // document (a repeated operationId) still fails before release.
  SwaggerModule.setup('api/docs', app, () => createOpenApiDocument(app), {
    jsonDocumentUrl: 'api/openapi.json',
    useGlobalPrefix: false,
  });

  const loadPages = mountWebPages(fastify, config.webBuildDir, logger);
  return { app, loadPages };
}

/** Applies pending migrations; true when this start created the schema (a brand-new database). */
async function prepareDatabase(config: AppConfig): Promise<boolean> {
  if (!config.runMigrations) return false;
  const dataSource = await new DataSource(dataSourceOptions(config.databaseUrl)).initialize();
  try {
    const applied = await runMigrations(dataSource);
    return applied.includes(MIGRATIONS[0]?.name ?? '');
  } finally {
    await dataSource.destroy();
  }
}

/** A brand-new database starts with the sample briefing, so the product has something to show. */
async function seedSample(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  if (!config.seedSample) return;
  const content = await readFile(
    new URL('../samples/daily-sync-2026-05-07.txt', import.meta.url),
    'utf8',
  );
  await app.get(BriefingsService).import(null, { contentType: 'text/plain', body: content });
}

/** Starts Briefroom: configuration, migrations, first admin, then web + /api + /socket.io on one port. */
export async function startServer(config: AppConfig = loadConfig()): Promise<RunningServer> {
  /** Requests in flight when shutdown begins get this long to finish before their connections are cut. */
  const DRAIN_MS = 5_000;
  /** Idle keep-alive connections stay open this long, so a request already on its way gets a 503, not a reset. */
  const IDLE_LINGER_MS = 1_000;

  const brandNew = await prepareDatabase(config);
  const { app, loadPages } = await createApp(config);

  // While draining, requests on connections still open are refused; those in flight are counted down.
  let draining = false;
  let inFlight = 0;
  let allAnswered: (() => void) | undefined;
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (_request, reply, done) => {
    if (draining) {
      void reply
        .code(503)
        .header('connection', 'close')
        .header('retry-after', '1')
        .send(
          errorBody('SERVICE_UNAVAILABLE', 'Briefroom is shutting down: try again in a moment.'),
        );
      return;
    }
    inFlight += 1;
    reply.raw.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0) allAnswered?.();
    });
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    // the connection ends with this response rather than carry a request that would be refused
    if (draining) void reply.header('connection', 'close');
    done(null, payload);
  });

  await app.get(AdminService).bootstrapAdmin();
  if (brandNew) await seedSample(app, config);
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  await loadPages(`http://127.0.0.1:${port}`);
  const url =
    config.publicUrl.port === String(config.port) || !process.env.PUBLIC_URL
      ? `http://localhost:${port}`
      : config.publicUrl.origin;
  // Until the first account exists, /setup needs the code printed here (none is stored before this).
  const setupCode = await app.get(SetupService).prepare(`${url}/setup`);

  const drainThenClose = async (): Promise<void> => {
    draining = true;
    const deadline = Date.now() + DRAIN_MS;
    const httpServer = app.getHttpServer();
    const connectionsGone = new Promise((resolve) => httpServer.once('close', resolve));
    // Stops listening only: http.Server#close would also drop idle keep-alive connections at once,
    // racing a client that is sending its next request on one.
    NetServer.prototype.close.call(httpServer);
    // socket.io clients see their transport close and reconnect: to another replica, or here once back
    app.get(RealtimeGateway).server?.engine.close();
    const openConnections = await new Promise<number>((resolve) =>
      httpServer.getConnections((_error, count) => resolve(count)),
    );
    await Promise.all([
      openConnections > 0 && Promise.race([connectionsGone, delay(IDLE_LINGER_MS)]),
      inFlight > 0 &&
        Promise.race([
          new Promise<void>((resolve) => (allAnswered = resolve)),
          delay(DRAIN_MS, undefined, { ref: false }),
        ]),
    ]);
    httpServer.closeIdleConnections();
    await Promise.race([
      connectionsGone,
      delay(Math.max(0, deadline - Date.now()), undefined, { ref: false }),
    ]);
    // past the deadline whatever is still open is cut, so shutdown stays bounded
    httpServer.closeAllConnections();
    // background work next (the job queue takes no new jobs, running ones finish; the indexer's drain ends), then the app and its pool
    await app.get(JobQueue).drain();
    await app.close();
  };

  let closing: Promise<void> | undefined;
  return {
    url,
    setupCode,
    app,
    close: () => (closing ??= drainThenClose()),
  };
}
