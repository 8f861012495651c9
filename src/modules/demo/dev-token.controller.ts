import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { AppConfig } from '../../config/app-config';

export class DevTokenDto {
  @IsString()
  @Length(1, 128)
  @Matches(/^[\w.@:-]+$/, { message: 'El campo user_id solo admite letras, dígitos y _ . @ : -' })
  user_id!: string;
}

/** Development tokens live an hour, like `npm run token`. */
const DEV_TOKEN_TTL_S = 3600;

/**
 * `POST /api/dev/token`, for the demo page: mounted only when `AppConfig.devTokens` holds, so
 * everywhere else the route does not exist at all.
 */
@ApiExcludeController()
@Controller()
export class DevTokenController {
  constructor(
    private readonly config: AppConfig,
    private readonly jwt: JwtService,
  ) {}

  /** A token for any user id, signed with the service's own development secret. */
  @Post('dev/token')
  @HttpCode(200)
  token(@Body() body: DevTokenDto): { token: string } {
    const { secret, algorithms, issuer, audience } = this.config.jwt;
    const token = this.jwt.sign(
      { sub: body.user_id },
      {
        secret,
        algorithm: algorithms[0],
        expiresIn: DEV_TOKEN_TTL_S,
        ...(issuer ? { issuer } : {}),
        ...(audience ? { audience } : {}),
      },
    );
    return { token };
  }
}
