import { Module } from '@nestjs/common';
import { AuthModule } from '../../common/auth/auth.module';
import { AdmissionModule } from '../admission/admission.module';
import { TypeOrmFeedbackStore } from '../../infrastructure/database/typeorm-feedback.store';
import { MemoryModule } from '../memory/memory.module';
import { MetricsModule } from '../metrics/metrics.module';
import { FeedbackController } from './feedback.controller';
import { FeedbackStore } from './feedback-store';
import { FeedbackService } from './feedback.service';
import { FeedbackSocketHandler } from './feedback.socket';

@Module({
  imports: [MemoryModule, AuthModule, AdmissionModule, MetricsModule],
  controllers: [FeedbackController],
  providers: [
    FeedbackService,
    FeedbackSocketHandler,
    { provide: FeedbackStore, useClass: TypeOrmFeedbackStore },
  ],
  exports: [FeedbackService, FeedbackSocketHandler],
})
export class FeedbackModule {}
