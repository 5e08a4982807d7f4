import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module.js';
import { ApiTokenEntity } from './api-token.entity.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthRepository } from './auth.repository.js';
import { AuthService } from './auth.service.js';
import { CredentialCache } from './credential-cache.js';
import { LoginAttemptEntity } from './login-attempt.entity.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionCookie } from './session-cookie.js';
import { SessionEntity } from './session.entity.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([SessionEntity, ApiTokenEntity, LoginAttemptEntity]),
    UsersModule,
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    AuthRepository,
    CredentialCache,
    PasswordHasher,
    SessionCookie,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, PasswordHasher, SessionCookie],
})
export class AuthModule {}
