import { ProfileSource } from '../../modules/context/profile-source';
import type { UserProfile } from '../../modules/context/user-profile';

/** No main backend configured: answers are not personalised beyond the request's user_context. */
export class NoProfileSource extends ProfileSource {
  profile(): Promise<UserProfile | null> {
    return Promise.resolve(null);
  }
}
