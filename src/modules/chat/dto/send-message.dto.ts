import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  Validate,
} from 'class-validator';

export const USER_CONTEXT_MAX_BYTES = 8 * 1024;

@ValidatorConstraint({ name: 'jsonSize' })
class JsonSizeConstraint implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const [max] = args.constraints as [number];
    return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8') <= max;
  }
  defaultMessage(args: ValidationArguments): string {
    return `El campo ${args.property} debe ocupar como máximo ${String(args.constraints[0])} bytes de JSON.`;
  }
}

const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

export class SendMessageDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 4000,
    example: '¿Cómo está el MERVAL hoy?',
    description: 'Trimmed; 1..4000 characters',
  })
  @Transform(trim)
  @IsString()
  @Length(1, 4000)
  message!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'Extra context from the app (at most 8 KB of JSON). Known fields: display_name, risk_profile, favorite_tickers, ' +
      'investment_goals, portfolio_value, investment_horizon, experience_level. The main backend’s profile wins on conflicts.',
    example: { risk_profile: 'moderado', favorite_tickers: ['YPF', 'GGAL'] },
  })
  @IsOptional()
  @IsObject()
  @Validate(JsonSizeConstraint, [USER_CONTEXT_MAX_BYTES])
  user_context?: Record<string, unknown>;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Continue this conversation; a new one when absent',
  })
  @IsOptional()
  @IsUUID()
  conversation_id?: string;

  @ApiPropertyOptional({
    maxLength: 100,
    description:
      'Idempotency key chosen by the client: a repeat returns the first reply without asking again',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(/^[\w.:-]+$/, {
    message: 'El campo client_message_id solo admite letras, dígitos y _ . : -',
  })
  client_message_id?: string;
}

export class AnalyzeSentimentDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 5000,
    example: 'Estoy preocupado por la caída del mercado',
  })
  @Transform(trim)
  @IsString()
  @Length(1, 5000)
  text!: string;
}
