import { Reflector } from '@nestjs/core';
import type { Role } from '../users/user.entity.js';

/** Who may call a route: anyone (`public`) or a signed-in user with at least the given role. */
export type AccessPolicy = 'public' | Role;

/**
 * Declares a route's policy next to the route. Every route must declare one: the guard refuses
 * routes without it, and a test walks all routes to prove none is missing.
 */
export const Access = Reflector.createDecorator<AccessPolicy>();
