import { SetMetadata } from '@nestjs/common';
import type { Bucket } from './rate-limit.service';

export const RATE_LIMIT_BUCKET = 'rate-limit:bucket';

/** The per-user bucket a route counts against (after authentication). */
export const RateLimit = (bucket: Extract<Bucket, 'chat' | 'history'>) =>
  SetMetadata(RATE_LIMIT_BUCKET, bucket);
