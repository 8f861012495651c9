import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MessageDto } from '../chat/dto/api-models.dto';

export class ExportedMessageDto extends MessageDto {
  @ApiPropertyOptional({ description: 'Assistant messages: the model that answered' })
  model?: string;
  @ApiPropertyOptional() prompt_tokens?: number;
  @ApiPropertyOptional() completion_tokens?: number;
  @ApiPropertyOptional({ description: 'Assistant messages: the question answered' })
  reply_to?: string;
  @ApiPropertyOptional({ description: 'User messages: the client’s idempotency key' })
  client_message_id?: string;
}

export class ExportedConversationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) title!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
  @ApiProperty({ type: [ExportedMessageDto], description: 'Oldest first' })
  messages!: ExportedMessageDto[];
}

export class ExportResponseDto {
  @ApiProperty() user_id!: string;
  @ApiProperty({ format: 'date-time' }) exported_at!: string;
  @ApiProperty({ type: [ExportedConversationDto], description: 'Oldest first' })
  conversations!: ExportedConversationDto[];
}
