import { Module } from '@nestjs/common';
import { CacheModule } from '../../infrastructure/cache/cache.module';
import { MetricsModule } from '../metrics/metrics.module';
import { MemoryService } from './memory.service';
import { MessageStore } from './message-store';
import { TypeOrmMessageStore } from '../../infrastructure/database/typeorm-message.store';

@Module({
  imports: [CacheModule, MetricsModule],
  providers: [{ provide: MessageStore, useClass: TypeOrmMessageStore }, MemoryService],
  exports: [MemoryService],
})
export class MemoryModule {}
