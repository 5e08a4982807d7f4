import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, getSchemaPath, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ErrorResponseDto } from './error-response.dto.js';

const ERROR_RESPONSE = 'Error';

/**
 * The OpenAPI document of every route under /api. A controller method's name is its
 * operationId (what the generated client calls it), so method names are unique across controllers.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Briefroom API')
      .setDescription(
        'Briefings, discussions, action items, decisions and search. Errors: {"error":{"code","message","details"}}.',
      )
      .setVersion('1')
      .addBearerAuth()
      .addCookieAuth('briefroom_session')
      .build(),
    {
      operationIdFactory: (_controller, method) => method,
      extraModels: [ErrorResponseDto],
    },
  );
  document.components = {
    ...document.components,
    responses: {
      [ERROR_RESPONSE]: {
        description: 'The contract error shape; the code says what went wrong.',
        content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorResponseDto) } } },
      },
    },
  };
  const seen = new Map<string, string>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item) as Array<[string, OperationLike]>) {
      if (!operation?.responses) continue;
      const where = `${method.toUpperCase()} ${path}`;
      const id = operation.operationId ?? '';
      if (seen.has(id))
        throw new Error(`operationId ${id} names both ${seen.get(id)} and ${where}`);
      seen.set(id, where);
      // Every 4xx and 5xx carries the one error shape (CONTRACT.md).
      operation.responses['4XX'] = { $ref: `#/components/responses/${ERROR_RESPONSE}` };
      operation.responses['5XX'] = { $ref: `#/components/responses/${ERROR_RESPONSE}` };
    }
  }
  return document;
}

interface OperationLike {
  operationId?: string;
  responses?: Record<string, unknown>;
}
