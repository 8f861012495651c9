import { Logger } from '@nestjs/common';
import { PortfolioSource } from '../../modules/market/portfolio-source';

/** The user's holdings from the main backend (`MAIN_BACKEND_PORTFOLIO_PATH`), token forwarded. */
export class BackendPortfolioSource extends PortfolioSource {
  private readonly logger = new Logger('BackendPortfolioSource');

  constructor(
    private readonly baseUrl: string,
    private readonly path: string,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  async portfolio(userId: string, token: string): Promise<unknown> {
    const url = `${this.baseUrl}${this.path.replace('{user_id}', encodeURIComponent(userId))}`;
    try {
      const res = await fetch(url, {
        headers: { Accept: 'application/json', Authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (!res.ok) {
        await res.body?.cancel().catch(() => undefined);
        throw new Error(`status ${res.status}`);
      }
      const body: unknown = await res.json();
      if (typeof body !== 'object' || body === null) throw new Error('not a JSON object');
      return body;
    } catch (err) {
      this.logger.warn(`portfolio unavailable: ${err instanceof Error ? err.message : 'error'}`);
      return null;
    }
  }
}
