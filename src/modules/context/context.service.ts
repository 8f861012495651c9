import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { AppConfig } from '../../config/app-config';
import { KnowledgeBase } from '../knowledge/knowledge-base';
import { Suitability, suitabilityOf } from '../suitability/suitability';
import type { KnowledgeHit } from '../knowledge/knowledge.types';
import { MarketDataProvider } from './market-data.provider';
import type { MarketSnapshot } from './market-snapshot.sample';
import { ProfileSource } from './profile-source';
import { mergeProfiles, sanitizeProfile, UserProfile } from './user-profile';

export interface AssembledContext {
  profile: UserProfile;
  /** Whether the main backend answered (false: answering without its personalisation). */
  backendProfile: boolean;
  market: MarketSnapshot;
  knowledge: KnowledgeHit[];
  /** Whether the investor profile is current, stale or missing (suitability rules). */
  suitability?: Suitability;
}

/** Everything the assistant knows besides the conversation: profile, market, knowledge. */
@Injectable()
export class ContextService {
  constructor(
    private readonly profiles: ProfileSource,
    private readonly market: MarketDataProvider,
    private readonly knowledge: KnowledgeBase,
    private readonly config: AppConfig,
  ) {}

  async assemble(
    user: AuthUser,
    question: string,
    userContext: unknown,
  ): Promise<AssembledContext> {
    const [backend, market] = await Promise.all([
      this.profiles.profile(user.id, user.token),
      this.market.snapshot(),
    ]);
    const profile = mergeProfiles(backend, sanitizeProfile(userContext));
    return {
      profile,
      suitability: suitabilityOf(profile, new Date(), this.config.trust.profileMaxAgeDays),
      backendProfile: backend !== null,
      market,
      knowledge: this.knowledge.search(question, 3),
    };
  }
}
