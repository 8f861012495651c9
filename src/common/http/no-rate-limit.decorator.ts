import { SetMetadata } from '@nestjs/common';

export const NO_RATE_LIMIT = 'rate-limit:none';

/**
 * Routes outside the general per-IP limit (health, metrics). Kept apart from the rate-limit
 * module so the modules it exempts need not depend on it.
 */
export const NoRateLimit = () => SetMetadata(NO_RATE_LIMIT, true);
