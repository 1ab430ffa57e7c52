import { z } from 'zod';

/**
 * PanelAlpha vendor shapes. The reference documents almost no response body: one success example
 * (`{"data": {...}}` on GET api/instances/{id}/wordpress/automatic-backup) and the 401
 * `{"message": "Unauthenticated."}`. Everything below that the client reads is therefore
 * INFERRED, and parsed leniently: unknown fields are dropped, optional ones are `nullish`, and a
 * missing required field is a `malformed_response` that names it.
 *
 * Inferred shapes (keep this list in step with the code; it goes into the README):
 *  1. Envelope: every success body is `{ data: <object | array> }` (from the one documented example).
 *  2. Lists: `{ data: [...], meta?: { current_page, last_page } }` (Laravel paginator); `page` and
 *     `per_page` query parameters are honoured; a list without `meta` is one complete page.
 *  3. Errors: `{ message }`, plus `errors: { field: [messages] }` on 422 (Laravel validation).
 *  4. User (GET api/admin/users/email): `{ id, email }`.
 *  5. Service (GET api/admin/users/{userId}/services): `{ id, status, plan: { id, name },
 *     hosting_account: { id, username, domain, server_id } }`.
 *  6. Server type (GET api/admin/servers/types): `{ type, name }`.
 *  7. Hosting server (GET api/admin/servers[/{id}], POST api/admin/servers): `{ id, name, type,
 *     hostname, ip_address, status, server_groups: [{ id, name }], created_at }`; status words
 *     setting_up → active (or failed). `connection_config` is present but never read.
 *  8. Instance (GET api/admin/instances[/{id}], POST api/instances/install, POST .../staging):
 *     `{ id, name, domain, url, status, user_id, service_id, hosting_account_id, server_id,
 *     is_staging, staging_instance_id, live_instance_id, wordpress_version, created_at }`;
 *     status words installing → active (or failed). Admin passwords and database credentials that
 *     may ride along are never read.
 *  9. Failed instance (GET api/admin/instances/failed/{id}): `{ id, domain, error, log }`.
 * 10. Task (GET api/admin/tasks, GET api/admin/tasks/{id}/status): `{ id, type, name, status,
 *     instance_id, server_id, error, log, created_at, started_at, finished_at }`; status words
 *     pending → running → completed (or failed, cancelled); `log` is text or a list of lines.
 * 11. Push to live (PUT api/instances/{id}/push-to-live) answers no task id: the task it queues is
 *     found in GET api/admin/tasks?search_term=<live domain> as the newest push task that was not
 *     there before the call. `{id}` is the staging instance.
 * 12. Log entry (GET api/instances/{id}/logs, GET api/admin/servers/logs): `{ id, level, message,
 *     server_id, created_at }`.
 * 13. SSL offer (GET api/ssl-offer): `{ id, name, type }`. SSL domain (GET .../ssl/domains):
 *     `{ domain }` or a bare string.
 * 14. Certificate (GET api/server-accounts/{id}/ssl/certificates): `{ id, domain, status,
 *     provider, expires_at, created_at, updated_at }`; status words pending → processing → active
 *     (or failed). Private keys that may ride along are never read.
 */

/** An id that may arrive as a number or a string. */
const id = z.union([z.string().min(1), z.number()]).transform(String);
/** An optional reference to another record. */
const ref = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((value) => (value === null || value === undefined || value === '' ? null : String(value)));
const str = z.string().nullish();

/** Log text as a string, a list of strings, or a list of `{message}` entries. */
const text = z
  .union([z.string(), z.array(z.union([z.string(), z.object({ message: str }).transform((e) => e.message)]))])
  .nullish()
  .transform((value) => {
    if (value === null || value === undefined) return null;
    return typeof value === 'string' ? value : value.filter((line) => line != null).join('\n');
  });

export function single<T extends z.ZodType>(data: T) {
  return z.object({ data });
}

export function page<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    meta: z
      .object({ current_page: z.number().nullish(), last_page: z.number().nullish() })
      .partial()
      .nullish(),
  });
}

export const user = z.object({ id, email: str });

export const service = z.object({
  id,
  status: str,
  plan: z.object({ id: ref, name: str }).nullish(),
  hosting_account: z.object({ id, username: str, domain: str, server_id: ref }).nullish(),
});
export type PaService = z.infer<typeof service>;

export const serverType = z.object({ type: z.string(), name: str });

export const server = z.object({
  id,
  name: z.string(),
  type: str,
  hostname: str,
  ip_address: str,
  status: str,
  server_groups: z.array(z.object({ id: ref, name: str })).nullish(),
  created_at: str,
});
export type PaServer = z.infer<typeof server>;

export const instance = z.object({
  id,
  name: str,
  domain: z.string(),
  url: str,
  status: z.string(),
  user_id: ref,
  service_id: ref,
  hosting_account_id: ref,
  server_id: ref,
  is_staging: z.boolean().nullish(),
  staging_instance_id: ref,
  live_instance_id: ref,
  wordpress_version: str,
  created_at: str,
});
export type PaInstance = z.infer<typeof instance>;

/** What a write that creates an instance may answer: the instance, or less. */
export const createdInstance = z
  .object({ data: z.object({ id: ref, status: str }).partial().nullish() })
  .nullish();

export const failedInstance = z.object({ id, domain: str, error: str, log: text });

export const task = z.object({
  id,
  type: str,
  name: str,
  status: z.string(),
  instance_id: ref,
  server_id: ref,
  error: str,
  log: text,
  created_at: str,
  started_at: str,
  finished_at: str,
});
export type PaTask = z.infer<typeof task>;

export const logEntry = z.object({
  id: ref,
  level: str,
  message: str,
  server_id: ref,
  created_at: str,
});
export type PaLogEntry = z.infer<typeof logEntry>;

export const sslOffer = z.object({ id, name: z.string(), type: str });

export const sslDomain = z.preprocess(
  (value) => (typeof value === 'string' ? { domain: value } : value),
  z.object({ domain: z.string() }),
);

export const certificate = z.object({
  id,
  domain: z.string(),
  status: z.string(),
  provider: str,
  expires_at: str,
  created_at: str,
  updated_at: str,
});
export type PaCertificate = z.infer<typeof certificate>;

/** PanelAlpha error bodies: `{message}` (documented) and `errors` on 422 (Laravel, inferred). */
export const errorBody = z.object({
  message: z.string().optional(),
  errors: z.record(z.string(), z.array(z.string())).optional(),
});
