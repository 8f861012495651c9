import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { KnowledgeBase } from '../knowledge/knowledge-base';
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
}

/** Everything the assistant knows besides the conversation: profile, market, knowledge. */
@Injectable()
export class ContextService {
  constructor(
    private readonly profiles: ProfileSource,
    private readonly market: MarketDataProvider,
    private readonly knowledge: KnowledgeBase,
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
    return {
      profile: mergeProfiles(backend, sanitizeProfile(userContext)),
      backendProfile: backend !== null,
      market,
      knowledge: this.knowledge.search(question, 3),
    };
  }
}
