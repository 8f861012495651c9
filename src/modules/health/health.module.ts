import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CacheModule } from '../../infrastructure/cache/cache.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { ShutdownState } from './shutdown-state';

/** Imports no feature: the modules that own a dependency register its probe here. */
@Module({
  imports: [TerminusModule.forRoot({ logger: false }), CacheModule],
  controllers: [HealthController],
  providers: [HealthService, ShutdownState],
  exports: [HealthService, ShutdownState],
})
export class HealthModule {}
