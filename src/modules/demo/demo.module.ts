import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { DemoController } from './demo.controller';
import { DevTokenController } from './dev-token.controller';

/**
 * The demo chat page at `GET /` (DEMO_PAGE) and, only with the service's own generated
 * development secret, the token endpoint it uses. JwtService comes from the global AuthModule.
 */
@Module({})
export class DemoModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DemoModule,
      controllers: [DemoController, ...(config.devTokens ? [DevTokenController] : [])],
    };
  }
}
