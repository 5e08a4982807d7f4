import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { finalize, of, type Observable } from 'rxjs';
import type { Socket } from 'socket.io';
import { RATE_LIMITED, RealtimeGateway } from './realtime.gateway.js';

/**
 * Bounds the handlers of one connection running at once: socket.io runs every event's handler
 * concurrently, so without this a client could queue unbounded work (and memory) on the server.
 */
@Injectable()
export class SocketWorkLimit implements NestInterceptor {
  constructor(private readonly realtime: RealtimeGateway) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const socket = context.switchToWs().getClient<Socket>();
    const begun = this.realtime.limiter.begin(socket.id);
    if (typeof begun === 'function') return next.handle().pipe(finalize(begun));
    if (begun === 'abusive') this.realtime.disconnectAbuser(socket);
    return of(RATE_LIMITED);
  }
}
