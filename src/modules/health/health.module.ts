import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CacheModule } from '../../infrastructure/cache/cache.module';
import { LlmHealthProbe } from '../../infrastructure/llm/llm-health.probe';
import { LlmModule } from '../../infrastructure/llm/llm.module';
import { BackendProfileSource } from '../../infrastructure/profile/backend-profile.source';
import { ContextModule } from '../context/context.module';
import { DEPENDENCY_PROBES, DependencyProbe } from './dependency-probe';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { ShutdownState } from './shutdown-state';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), CacheModule, LlmModule, ContextModule],
  controllers: [HealthController],
  providers: [
    HealthService,
    ShutdownState,
    {
      provide: DEPENDENCY_PROBES,
      inject: [LlmHealthProbe, BackendProfileSource],
      useFactory: (...probes: (DependencyProbe | null)[]): DependencyProbe[] =>
        probes.filter((p): p is DependencyProbe => p !== null),
    },
  ],
  exports: [HealthService, ShutdownState],
})
export class HealthModule {}
