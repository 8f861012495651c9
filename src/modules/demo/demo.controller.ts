import { Controller, Get, Header, NotFoundException, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { DEMO_APP_JS } from './page/app.js';
import { renderDemoPage } from './page/index.html';
import { SdkBundleService } from './sdk-bundle/sdk-bundle.service';

/**
 * Serves the demo page, its script and the client SDK's bundle (all excluded from the `api`
 * prefix). Kept out of the OpenAPI document: it is not part of the API.
 */
@ApiExcludeController()
@Controller()
export class DemoController {
  private readonly html: string;

  constructor(
    private readonly config: AppConfig,
    private readonly sdk: SdkBundleService,
  ) {
    this.html = renderDemoPage({ devTokens: config.devTokens, sdkUrl: sdk.url });
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

  @Get('demo/chat-sdk.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  async sdkBundle(@Res({ passthrough: true }) res: Response): Promise<string> {
    if (!this.config.demoPage) throw new NotFoundException();
    const asset = await this.sdk.get();
    res.setHeader('Cache-Control', asset.cacheControl);
    return asset.code;
  }
}
