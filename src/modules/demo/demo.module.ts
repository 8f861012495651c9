import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '../../common/auth/auth.module';
import { AppConfig } from '../../config/app-config';
import { DemoController } from './demo.controller';
import { DevTokenController } from './dev-token.controller';
import { SdkBundleService } from './sdk-bundle/sdk-bundle.service';

/**
 * The demo chat page at `GET /` (DEMO_PAGE) and, only with the service's own generated
 * development secret, the token endpoint it uses.
 */
@Module({})
export class DemoModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DemoModule,
      imports: [AuthModule],
      controllers: [DemoController, ...(config.devTokens ? [DevTokenController] : [])],
      providers: [SdkBundleService],
    };
  }
}
