import { Module } from '@nestjs/common';
import { AuthModule } from '../../common/auth/auth.module';
import { AdmissionModule } from '../admission/admission.module';
import { ChatModule } from '../chat/chat.module';
import { HealthModule } from '../health/health.module';
import { MetricsModule } from '../metrics/metrics.module';
import { FeedbackModule } from '../feedback/feedback.module';
import { ChatGateway } from './chat.gateway';
import { GracefulShutdown } from './graceful-shutdown.service';
import { PlainWsServer } from './plain-ws.server';
import { RealtimeHub } from './realtime.hub';
import { RealtimeService } from './realtime.service';
import { SocketSlots } from './socket-slots';
import { RedisModule } from '../../infrastructure/redis/redis.module';

@Module({
  imports: [
    RedisModule,
    ChatModule,
    FeedbackModule,
    AuthModule,
    AdmissionModule,
    MetricsModule,
    HealthModule,
  ],
  providers: [
    RealtimeHub,
    RealtimeService,
    ChatGateway,
    PlainWsServer,
    GracefulShutdown,
    SocketSlots,
  ],
  exports: [RealtimeHub],
})
export class RealtimeModule {}
