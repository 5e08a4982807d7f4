import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

export const ONE_CLICK_ROUTE = '/api/notification-mail/unsubscribe';
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/**
 * RFC 8058: a mail client unsubscribes with a form POST (`List-Unsubscribe=One-Click`). Only the
 * one-click route takes form bodies (and ignores them: the token is in the URL); every other
 * route still answers 415 to them, as fastify would without this parser.
 */
@Injectable()
export class OneClickBody implements OnModuleInit {
  constructor(private readonly adapter: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapter.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify || fastify.hasContentTypeParser(FORM_TYPES[0])) return;
    fastify.addContentTypeParser(
      FORM_TYPES,
      { parseAs: 'buffer', bodyLimit: 4096 },
      (request, _body, done) => {
        if (request.routeOptions.url === ONE_CLICK_ROUTE) return done(null, {});
        done(
          Object.assign(new Error(`Unsupported Media Type: ${request.headers['content-type']}`), {
            statusCode: 415,
            code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
          }),
          undefined,
        );
      },
    );
  }
}
