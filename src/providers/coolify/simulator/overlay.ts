import type { SimClock, SimRequest, SimResponse, SimRoute } from '../../../simulator/sim-server.js';

/** The token abilities Coolify's routes ask for. */
export type Ability = 'read' | 'write' | 'deploy';

/**
 * What a part of the Coolify simulator that keeps its own state needs from the whole: the clock,
 * ids, whether the token may read secrets, and routes guarded by an ability.
 */
export interface SimContext {
  readonly clock: SimClock;
  nextId(): number;
  /** The token has root or read:sensitive. */
  sensitive(): boolean;
  route(method: string, path: string, ability: Ability, handler: (req: SimRequest) => SimResponse): SimRoute;
}
