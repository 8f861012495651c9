import { Module } from '@nestjs/common';
import { TypeOrmFeedbackStore } from '../../infrastructure/database/typeorm-feedback.store';
import { MemoryModule } from '../memory/memory.module';
import { FeedbackController } from './feedback.controller';
import { FeedbackStore } from './feedback-store';
import { FeedbackService } from './feedback.service';
import { FeedbackSocketHandler } from './feedback.socket';

@Module({
  imports: [MemoryModule],
  controllers: [FeedbackController],
  providers: [
    FeedbackService,
    FeedbackSocketHandler,
    { provide: FeedbackStore, useClass: TypeOrmFeedbackStore },
  ],
  exports: [FeedbackService, FeedbackSocketHandler],
})
export class FeedbackModule {}
