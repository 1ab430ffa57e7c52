import { HostingError } from '../../core/errors.js';
import type { RequestContext } from '../../core/http.js';
import type { Redactor } from '../../core/redact.js';
import type { SecretFiles } from '../../core/secret-files.js';
import type { CoolifyClient } from './client.js';
import type { ServiceWindow } from './map-service-restart.js';
import type { CoolifyRefs } from './refs.js';
import * as v from './schemas.js';

/** What every Coolify capability works with: the account's name, its client and its resolvers. */
export interface CoolifyAccount {
  title: string;
  account: string;
  client: CoolifyClient;
  refs: CoolifyRefs;
  /** How long a restarted service's status is not trusted, in the account's clock. */
  serviceWindow: ServiceWindow;
  /** Passwords of new databases go to 0600 files; the redactor learns them first. */
  secretFiles: SecretFiles;
  redactor: Redactor;
}

/** Reads a resource back after a write, falling back to what the write itself told us. */
export async function readBack<T>(read: () => Promise<T>, fallback: () => T): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof HostingError) return fallback();
    throw error;
  }
}

/**
 * The deployment Coolify just queued. The write already happened, so a failed read-back must not
 * look like a failed deploy (that invites a second one): Coolify's own answer said "queued".
 */
export function queuedDeployment(
  client: CoolifyClient,
  ctx: RequestContext,
  uuid: string,
): Promise<v.CoolifyDeployment> {
  return readBack(
    () => client.get('get-deployment-by-uuid', { uuid }, v.deployment, ctx),
    () => v.deployment.parse({ deployment_uuid: uuid, status: 'queued' }),
  );
}
