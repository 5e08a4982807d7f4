import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** Limits per signed-in user rather than per address (several people can share one). */
@Injectable()
export class UserThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    const auth = request.auth as { user: { id: string } } | undefined;
    return Promise.resolve(auth ? `user:${auth.user.id}` : String(request.ip));
  }
}
