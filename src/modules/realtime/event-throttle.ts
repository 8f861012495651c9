import { AppError } from '../../common/errors/app-error';

/** Per connection: `burst` events at once, then one every `everyMs`. */
export const TYPING_LIMIT = { burst: 5, everyMs: 1000 };
export const STOP_LIMIT = { burst: 3, everyMs: 2000 };

/**
 * A token bucket for one connection's events that have no budget of their own: `typing` and
 * `stop_generation` each fan out to every instance through the shared Redis stream, so one
 * socket looping on them would flood it.
 */
export class EventThrottle {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: { burst: number; everyMs: number },
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = limit.burst;
    this.last = now();
  }

  allow(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.limit.burst, this.tokens + (t - this.last) / this.limit.everyMs);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export const tooFast = (): AppError =>
  new AppError(
    'rate_limited',
    'Demasiadas solicitudes: esperá un momento antes de volver a intentar.',
    {
      retryAfterS: 1,
    },
  );

/**
 * The throttles of one connection, made on first use: most connections never send `typing` or
 * `stop_generation`, and an idle socket should cost little more than Socket.IO's own.
 */
export class ConnectionThrottles {
  private typingBucket?: EventThrottle;
  private stopBucket?: EventThrottle;

  get typing(): EventThrottle {
    return (this.typingBucket ??= new EventThrottle(TYPING_LIMIT));
  }

  get stop(): EventThrottle {
    return (this.stopBucket ??= new EventThrottle(STOP_LIMIT));
  }
}

export function connectionThrottles(): ConnectionThrottles {
  return new ConnectionThrottles();
}
