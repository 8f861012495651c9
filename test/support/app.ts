import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AddressInfo } from 'node:net';
import type Redis from 'ioredis';
import { Logger } from 'nestjs-pino';
import { REDIS_CLIENT } from '../../src/infrastructure/redis/redis.module';
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
export async function bootApp(
  config: AppConfig,
  opts: { logStream?: NodeJS.WritableStream } = {},
): Promise<TestApp> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, opts), {
    bodyParser: false,
    logger: false,
    bufferLogs: opts.logStream !== undefined,
  });
  // With a log stream, every Nest logger goes through pino too, as in main.ts.
  if (opts.logStream) app.useLogger(app.get(Logger));
  setupApp(app, config);
  await app.listen(0, '127.0.0.1');
  // Tests that look into Redis need the client connected before the first request.
  const redis = app.get<Redis | null>(REDIS_CLIENT);
  if (redis && redis.status !== 'ready') {
    await Promise.race([
      new Promise((r) => redis.once('ready', r)),
      new Promise((r) => setTimeout(r, 2000)),
    ]);
  }
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return { app, url: `http://127.0.0.1:${port}`, port, config, close: () => app.close() };
}
