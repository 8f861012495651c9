import { Module } from '@nestjs/common';
import { ChatModule } from '../chat/chat.module';
import { FeedbackModule } from '../feedback/feedback.module';
import { ChatGateway } from './chat.gateway';
import { GracefulShutdown } from './graceful-shutdown.service';
import { PlainWsServer } from './plain-ws.server';
import { RealtimeHub } from './realtime.hub';
import { RealtimeService } from './realtime.service';

@Module({
  imports: [ChatModule, FeedbackModule],
  providers: [RealtimeHub, RealtimeService, ChatGateway, PlainWsServer, GracefulShutdown],
  exports: [RealtimeHub],
})
export class RealtimeModule {}
