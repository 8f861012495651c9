import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

export class TypingDto {
  @IsBoolean()
  is_typing!: boolean;
}

export class StopGenerationDto {
  @IsOptional()
  @IsUUID()
  message_id?: string;
}

export class GetHistoryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @IsOptional()
  @IsUUID()
  conversation_id?: string;
}
