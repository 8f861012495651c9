import { Injectable } from '@nestjs/common';

/** Flipped when a termination signal arrives, so readiness fails before the process exits. */
@Injectable()
export class ShutdownState {
  shuttingDown = false;
}
