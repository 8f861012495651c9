import { Body, Controller, Get, Header, HttpCode, NotFoundException, Post } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { AppConfig } from '../../config/app-config';
import { DEMO_APP_JS } from './page/app.js';
import { renderDemoPage } from './page/index.html';

export class DevTokenDto {
  @IsString()
  @Length(1, 128)
  @Matches(/^[\w.@:-]+$/, { message: 'El campo user_id solo admite letras, dígitos y _ . @ : -' })
  user_id!: string;
}

/** Development tokens live an hour, like `npm run token`. */
const DEV_TOKEN_TTL_S = 3600;

/**
 * Serves the demo page and its script (both excluded from the `api` prefix) and, outside
 * production, mints tokens for it. Kept out of the OpenAPI document: it is not part of the API.
 */
@ApiExcludeController()
@Controller()
export class DemoController {
  private readonly html: string;

  constructor(
    private readonly config: AppConfig,
    private readonly jwt: JwtService,
  ) {
    this.html = renderDemoPage({ devTokens: !config.isProduction });
  }

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  page(): string {
    if (!this.config.demoPage) throw new NotFoundException();
    return this.html;
  }

  @Get('demo/app.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  script(): string {
    if (!this.config.demoPage) throw new NotFoundException();
    return DEMO_APP_JS;
  }

  /** `POST /api/dev/token`: a token for any user id, signed as the main backend would. */
  @Post('dev/token')
  @HttpCode(200)
  token(@Body() body: DevTokenDto): { token: string } {
    // Answer as if the route did not exist: production must not even reveal it.
    if (this.config.isProduction) throw new NotFoundException();
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
