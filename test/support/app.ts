import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AddressInfo } from 'node:net';
import { AppModule } from '../../src/app.module';
import { setupApp } from '../../src/app.setup';
import { AppConfig } from '../../src/config/app-config';

export interface TestApp {
  app: INestApplication;
  url: string;
  port: number;
  config: AppConfig;
  close: () => Promise<void>;
}

/** Boots the real application on an ephemeral port, as main.ts does. */
export async function bootApp(config: AppConfig): Promise<TestApp> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: false,
  });
  setupApp(app, config);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return { app, url: `http://127.0.0.1:${port}`, port, config, close: () => app.close() };
}
