import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '../../config/app-config';
import { GenerationRegistry } from '../chat/generation.registry';
import { ShutdownState } from '../health/shutdown-state';
import { PlainWsServer } from './plain-ws.server';
import { RealtimeHub } from './realtime.hub';

/** After aborting the last answers, how long their partial content may take to be saved. */
const SAVE_GRACE_MS = 3000;

/**
 * Runs before Nest closes the HTTP server: readiness turns 503 and new handshakes and messages
 * are refused at once, answers in flight get SHUTDOWN_DRAIN_MS to finish (then are stopped and
 * saved as partial), and real-time clients are disconnected cleanly. The database and Redis are
 * closed afterwards by their own modules.
 */
@Injectable()
export class GracefulShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger('GracefulShutdown');

  constructor(
    private readonly state: ShutdownState,
    private readonly generations: GenerationRegistry,
    private readonly plain: PlainWsServer,
    private readonly hub: RealtimeHub,
    private readonly config: AppConfig,
  ) {}

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.state.shuttingDown = true;
    const inFlight = this.generations.all().length;
    this.logger.log(`shutting down (${signal ?? 'close'}): ${inFlight} answer(s) in flight`);
    const drained = await this.waitForAnswers(this.config.shutdownDrainMs);
    if (!drained) {
      this.logger.warn(
        'answers still in flight after the drain period: stopping them and keeping what was produced',
      );
      this.generations.abortAll();
      await this.waitForAnswers(SAVE_GRACE_MS);
    }
    this.plain.closeAll();
    this.hub.disconnectAll();
  }

  private async waitForAnswers(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (this.generations.all().length > 0) {
      if (Date.now() >= deadline) return false;
      await sleep(50);
    }
    return true;
  }
}
