import type { RequestContext } from '../host/Plugin';

/** Who does a change, for the audit log: a user in a company, or the system (e.g. a sync). */
export interface Actor {
  companyId: string;
  userId: string;
  requestId?: string;
}

export const SYSTEM_ACTOR_ID = 'system';

export function actorOf(context: RequestContext): Actor {
  return { companyId: context.companyId, userId: context.user.id, requestId: context.requestId };
}
