import type { OpenAPIObject } from '@nestjs/swagger';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../app.module.js';
import { loadConfig } from '../config/app-config.js';
import { API_PREFIX } from '../server.js';
import { createOpenApiDocument } from './openapi.js';

/**
 * The OpenAPI document without a server or a database: in preview mode Nest reads the modules,
 * controllers and decorators but instantiates no provider, so nothing connects anywhere.
 */
export async function buildContractDocument(): Promise<OpenAPIObject> {
  const config = loadConfig({
    DATABASE_URL: 'postgres://contract.invalid/briefroom',
    LOG_LEVEL: 'silent',
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter(),
    { preview: true, logger: false, abortOnError: false },
  );
  try {
    app.setGlobalPrefix(API_PREFIX);
    return createOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
