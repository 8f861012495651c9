import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config';
import { loadConfig } from './load-config';

@Global()
@Module({})
export class ConfigModule {
  /** Registers the configuration; tests pass their own `AppConfig`. */
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: AppConfig, useValue: config ?? loadConfig() }],
      exports: [AppConfig],
    };
  }
}
