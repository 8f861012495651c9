import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

export class HistoryQueryDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 200,
    default: 50,
    description: 'How many of the newest messages',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;

  @ApiPropertyOptional({ description: 'Only this conversation' })
  @IsOptional()
  @IsUUID()
  conversation_id?: string;
}

export class DeleteHistoryQueryDto {
  @ApiPropertyOptional({
    description: 'Only this conversation; all of the user’s history when absent',
  })
  @IsOptional()
  @IsUUID()
  conversation_id?: string;
}
