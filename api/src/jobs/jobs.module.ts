import { Module } from '@nestjs/common';
import { JobQueue } from './job-queue.js';

/** The job queue: features import it to register their jobs; the server starts and drains it. */
@Module({ providers: [JobQueue], exports: [JobQueue] })
export class JobsModule {}
