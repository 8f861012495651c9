/** Port: the user's holdings, read from the main backend with the user's own token. */
export abstract class PortfolioSource {
  /** The backend's JSON, or null when it does not answer (never throws). */
  abstract portfolio(userId: string, token: string): Promise<unknown>;
}
