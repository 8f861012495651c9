import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '../../config/app-config';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtVerifier } from './jwt-verifier.service';
import { RolesGuard } from './roles.guard';

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
  providers: [JwtVerifier, JwtAuthGuard, RolesGuard],
  exports: [JwtVerifier, JwtAuthGuard, RolesGuard, JwtModule],
})
export class AuthModule {}
