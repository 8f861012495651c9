import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '../../config/app-config';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtVerifier } from './jwt-verifier.service';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: config.jwt.secret,
        signOptions: { algorithm: config.jwt.algorithms[0] },
      }),
    }),
  ],
  providers: [JwtVerifier, JwtAuthGuard],
  exports: [JwtVerifier, JwtAuthGuard, JwtModule],
})
export class AuthModule {}
