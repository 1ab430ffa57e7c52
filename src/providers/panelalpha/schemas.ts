import { z } from 'zod';

/**
 * PanelAlpha vendor shapes: only the fields the mappers read (the first allow-list; unknown fields
 * are dropped). The reference documents almost no response body, so these shapes are inferred —
 * the document marks each `x-inferred` and docs/inferred-shapes.md lists them — and are parsed
 * leniently: optional fields are `nullish`, a missing required field is a `malformed_response`
 * that names it.
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
export type PaFailedInstance = z.infer<typeof failedInstance>;

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
export type PaSslOffer = z.infer<typeof sslOffer>;

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

/** A MySQL database of a hosting account: known by its name. */
export const mysqlDatabase = z.object({
  name: z.string(),
  size: z.number().nullish(),
  users: z.array(z.string()).nullish(),
});
export type PaMysqlDatabase = z.infer<typeof mysqlDatabase>;

export const mysqlUser = z.object({ name: z.string(), databases: z.array(z.string()).nullish() });

/** A WordPress backup; what it holds follows the create request (files, database, a note). */
export const backup = z.object({
  id,
  note: str,
  status: str,
  size: z.number().nullish(),
  backup_directory: z.boolean().nullish(),
  backup_database: z.boolean().nullish(),
  created_at: str,
});
export type PaBackup = z.infer<typeof backup>;

/** Maintenance mode of a WordPress instance: on or off. */
export const modeStatus = z.object({ status: z.boolean().nullish() });

/** PanelAlpha error bodies: `{message}` (documented) and `errors` on 422 (Laravel, inferred). */
export const errorBody = z.object({
  message: z.string().optional(),
  errors: z.record(z.string(), z.array(z.string())).optional(),
});
