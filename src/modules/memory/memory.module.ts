import { Module } from '@nestjs/common';
import { MemoryService } from './memory.service';
import { MessageStore } from './message-store';
import { TypeOrmMessageStore } from './typeorm-message.store';

@Module({
  providers: [{ provide: MessageStore, useClass: TypeOrmMessageStore }, MemoryService],
  exports: [MemoryService],
})
export class MemoryModule {}
