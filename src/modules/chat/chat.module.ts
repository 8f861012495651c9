import { Module } from '@nestjs/common';
import { MemoryModule } from '../memory/memory.module';
import { HistoryController } from './history.controller';

@Module({
  imports: [MemoryModule],
  controllers: [HistoryController],
})
export class ChatModule {}
