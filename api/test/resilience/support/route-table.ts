import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Access, type AccessPolicy } from '../../../src/auth/access.decorator.js';

/** One HTTP route as the app serves it, with the policy its controller declares. */
export interface Route {
  /** `GET /api/threads/:id`: how the route tables of the matrix refer to it. */
  key: string;
  method: string;
  path: string;
  /** Undefined when the route declares none (the guard closes it; the matrix fails on it). */
  policy: AccessPolicy | undefined;
  handler: string;
  params: string[];
  takesBody: boolean;
}

const GLOBAL_PREFIX = 'api';

const segments = (path: unknown): string[] =>
  (Array.isArray(path) ? path : [path ?? ''])
    .map((part) => String(part).replace(/^\/+|\/+$/g, ''))
    .filter(Boolean);

/**
 * Every controller route of the running app, read from Nest's own metadata (the same the router
 * and the AuthGuard read), so a route added tomorrow is in the matrix without anyone listing it.
 */
export function discoverRoutes(app: NestFastifyApplication): Route[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = app.get(Reflector);
  const routes: Route[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
    if (!controller) continue;
    const prototype = controller.prototype as Record<string, (...args: unknown[]) => unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name];
      const verb = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (verb === undefined) continue;
      const controllerPaths = Reflect.getMetadata(PATH_METADATA, controller) as unknown;
      const handlerPaths = Reflect.getMetadata(PATH_METADATA, handler) as unknown;
      const method = RequestMethod[verb];
      const path = `/${[GLOBAL_PREFIX, ...segments(controllerPaths), ...segments(handlerPaths)].join('/')}`;
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as object;
      routes.push({
        key: `${method} ${path}`,
        method,
        path,
        policy: reflector.getAllAndOverride(Access, [handler, controller]),
        handler: `${controller.name}.${name}`,
        params: [...path.matchAll(/:(\w+)/g)].map((match) => match[1]),
        takesBody: Object.keys(args).some((key) => key.startsWith(`${RouteParamtypes.BODY}:`)),
      });
    }
  }
  return routes.sort((a, b) => a.key.localeCompare(b.key));
}

/** The routes the published OpenAPI document describes, as `GET /api/threads/:id` keys. */
export function openApiRouteKeys(document: { paths: Record<string, object> }): string[] {
  return Object.entries(document.paths)
    .flatMap(([path, operations]) =>
      Object.keys(operations)
        .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    )
    .sort();
}
