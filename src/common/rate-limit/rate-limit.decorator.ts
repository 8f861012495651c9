import { SetMetadata } from '@nestjs/common';
import type { Bucket } from './rate-limit.service';

export const RATE_LIMIT_BUCKET = 'rate-limit:bucket';
export const NO_RATE_LIMIT = 'rate-limit:none';

/** The per-user bucket a route counts against (after authentication). */
export const RateLimit = (bucket: Extract<Bucket, 'chat' | 'history'>) =>
  SetMetadata(RATE_LIMIT_BUCKET, bucket);

/** Routes outside the general per-IP limit (health, metrics). */
export const NoRateLimit = () => SetMetadata(NO_RATE_LIMIT, true);
