import { z } from 'zod';

/**
 * ServerPilot v1 vendor shapes. Only fields the mapping reads are declared; unknown fields are
 * dropped at parse time. That matters here more than anywhere: `ssl.key` (the app's private key,
 * returned by GET /apps and GET /apps/:id and echoed by POST /apps/:id/ssl) is never declared, so
 * it does not survive parsing. The server `apikey` is declared only on the create response,
 * because the installer needs it; the mapping never copies it.
 */

const str = z.string().nullish();
const epoch = z.number().nullish();

/*
 * Envelopes are built once per data schema: zod compiles a parser for every new object schema, and
 * building one per call would repeat that work on every read.
 */
const envelopes = new WeakMap<z.ZodType, unknown>();

/** `{data, actionid?}`: every response; `actionid` when the change needs work on the server. */
export function envelope<T extends z.ZodType>(data: T) {
  let schema = envelopes.get(data) as ReturnType<typeof build<T>> | undefined;
  if (!schema) {
    schema = build(data);
    envelopes.set(data, schema);
  }
  return schema;
}

function build<T extends z.ZodType>(data: T) {
  return z.object({ data, actionid: z.string().nullish() });
}

export const server = z.object({
  id: z.string(),
  name: z.string(),
  plan: str,
  autoupdates: z.boolean().nullish(),
  firewall: z.boolean().nullish(),
  deny_unknown_domains: z.boolean().nullish(),
  available_runtimes: z.array(z.string()).nullish(),
  lastaddress: str,
  lastconn: epoch,
  datecreated: epoch,
});
export type SpServer = z.infer<typeof server>;

/** The create response alone carries the server's API key, for the installer. */
export const createdServer = server.extend({ apikey: z.string().min(1) });

export const servers = server.array();

export const sysuser = z.object({ id: z.string(), name: z.string(), serverid: z.string() });
export type SpSysuser = z.infer<typeof sysuser>;
export const sysusers = sysuser.array();

/** Public SSL state of an app: whether AutoSSL and ForceSSL are on. No key, no certificate text. */
export const ssl = z.object({ auto: z.boolean().nullish(), force: z.boolean().nullish() });
export type SpSsl = z.infer<typeof ssl>;

export const app = z.object({
  id: z.string(),
  name: z.string(),
  sysuserid: z.string(),
  serverid: z.string(),
  runtime: str,
  domains: z.array(z.string()).nullish(),
  ssl: ssl.nullish(),
  /** Only on GET /apps/:id. */
  autossl: z.object({ available: z.boolean(), domains: z.array(z.string()).nullish() }).nullish(),
  datecreated: epoch,
});
export type SpApp = z.infer<typeof app>;
export const apps = app.array();

/** A MySQL database and its one user; the user's password is write-only and never declared. */
export const database = z.object({
  id: z.string(),
  name: z.string(),
  appid: z.string(),
  serverid: z.string(),
  user: z.object({ id: z.string(), name: z.string() }),
});
export type SpDatabase = z.infer<typeof database>;
export const databases = database.array();

export const action = z.object({
  id: z.string(),
  serverid: str,
  status: z.string(),
  datecreated: epoch,
});
export type SpAction = z.infer<typeof action>;

/** ServerPilot's error body: {"error": {"message": "..."}}. */
export const errorBody = z.object({
  error: z.object({ message: z.string().optional() }).partial().optional(),
});
