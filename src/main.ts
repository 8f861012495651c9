// First: tracing must hook http, pg, ioredis and undici before anything requires them.
import './instrumentation';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { setupApp } from './app.setup';
import { installProcessGuards } from './common/process/process-guards';
import { loadDotEnv } from './config/dotenv';
import { ConfigError, loadConfig } from './config/load-config';
import { StartupLogger } from './common/logging/startup.logger';
import { describeEndpoints, describeStartup } from './startup-report';

async function bootstrap(): Promise<void> {
  let config;
  try {
    loadDotEnv();
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    bufferLogs: true,
  });
  const logger = app.get(Logger);
  app.useLogger(new StartupLogger(logger));
  installProcessGuards(process, {
    error: (obj, msg) => logger.error(obj, msg, 'ProcessGuards'),
    fatal: (obj, msg) => logger.fatal(obj, msg, 'ProcessGuards'),
  });
  setupApp(app, config);
  // process.exit once closed: as PID 1 in a container, re-raising the signal would not end it.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await app.listen(config.port);
  for (const line of describeStartup(config)) logger.warn(line);
  logger.log(describeEndpoints(config));
}

void bootstrap();
