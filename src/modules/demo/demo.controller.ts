import { Controller, Get, Header, NotFoundException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AppConfig } from '../../config/app-config';
import { DEMO_APP_JS } from './page/app.js';
import { renderDemoPage } from './page/index.html';

/**
 * Serves the demo page and its script (both excluded from the `api` prefix). Kept out of the
 * OpenAPI document: it is not part of the API.
 */
@ApiExcludeController()
@Controller()
export class DemoController {
  private readonly html: string;

  constructor(private readonly config: AppConfig) {
    this.html = renderDemoPage({ devTokens: config.devTokens });
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
}
