import { z } from 'zod';

/**
 * Forge v2 vendor shapes (JSON:API). Only fields the mapping uses are declared; unknown fields are
 * dropped at parse time, which is the first allow-list between the API and the model.
 * Lenient where the spec is loose (`nullish`), strict where the client depends on a value.
 */

/**
 * Vendor enums from forge-openapi-v2.json, used by both the client's input schemas and the
 * simulator's validation, so the two can never disagree about what Forge accepts.
 */
export const CLOUDS = ['ocean2', 'akamai', 'vultr', 'aws', 'hetzner', 'laravel', 'custom'] as const; // provider blocks
export const SERVER_TYPES = [
  'app',
  'web',
  'loadbalancer',
  'database',
  'cache',
  'worker',
  'meilisearch',
  'openclaw',
] as const; // ServerType
export const UBUNTU_VERSIONS = ['24.04', '26.04'] as const; // CreateServerRequest.ubuntu_version
export const SITE_TYPES = [
  'laravel',
  'symfony',
  'statamic',
  'wordpress',
  'phpmyadmin',
  'php',
  'nextjs',
  'nuxtjs',
  'static-html',
  'other',
  'custom',
] as const; // SiteType
export const SOURCE_CONTROL_PROVIDERS = ['github', 'gitlab', 'bitbucket', 'gitlab-custom', 'custom'] as const; // SourceControlProvider
export const WWW_REDIRECT_TYPES = ['from-www', 'to-www', 'none'] as const; // WwwRedirectType
export const VERIFICATION_METHODS = ['http-01', 'dns-01'] as const; // CertificateVerificationMethod
export const KEY_TYPES = ['ecdsa', 'rsa'] as const; // CertificateKeyType

const id = z.union([z.string(), z.number()]).transform(String);
const str = z.string().nullish();

const relation = z.object({ data: z.object({ id, type: z.string() }).nullable() }).optional();

export function resource<A extends z.ZodRawShape>(attributes: A) {
  return z.object({
    id,
    type: z.string(),
    attributes: z.object(attributes),
    relationships: z.record(z.string(), z.unknown()).optional(),
  });
}

/*
 * Envelopes are built once per item schema and reused: zod compiles a parser for every new object
 * schema, and building the envelope on each call made that compilation a large share of a read's
 * CPU time and garbage.
 */
const singles = new WeakMap<z.ZodType, unknown>();
const pages = new WeakMap<z.ZodType, unknown>();

function once<T extends z.ZodType, R>(cache: WeakMap<z.ZodType, unknown>, data: T, build: (data: T) => R): R {
  let schema = cache.get(data) as R | undefined;
  if (schema === undefined) {
    schema = build(data);
    cache.set(data, schema);
  }
  return schema;
}

export function single<T extends z.ZodType>(data: T) {
  return once(singles, data, (item) => z.object({ data: item }));
}

export function page<T extends z.ZodType>(data: T) {
  return once(pages, data, (item) =>
    z.object({
      data: z.array(item),
      meta: z.object({ next_cursor: z.string().nullish() }).partial().optional(),
    }),
  );
}

export const organization = resource({ name: z.string(), slug: z.string() });

export const credential = resource({ name: z.string(), provider: z.string() });

export const server = resource({
  name: z.string(),
  type: str,
  provider: str,
  ubuntu_version: str,
  size: str,
  region: str,
  php_version: str,
  database_type: str,
  ip_address: str,
  private_ip_address: str,
  connection_status: str,
  is_ready: z.boolean(),
  revoked: z.boolean().nullish(),
  created_at: str,
});
export type ForgeServer = z.infer<typeof server>;

export const site = resource({
  name: z.string(),
  status: str,
  url: str,
  https: z.boolean().nullish(),
  aliases: z.array(z.unknown()).nullish(),
  php_version: str,
  deployment_status: str,
  quick_deploy: z.boolean().nullish(),
  zero_downtime_deployments: z.boolean().nullish(),
  app_type: str,
  repository: z.object({ provider: str, url: str, branch: str, status: str }).nullish(),
  created_at: str,
}).extend({
  relationships: z.object({ server: relation }).partial().optional(),
});
export type ForgeSite = z.infer<typeof site>;

export const deployment = resource({
  commit: z.object({ hash: str, author: str, message: str, branch: str }).nullish(),
  type: str,
  status: z.string(),
  started_at: str,
  ended_at: str,
  created_at: str,
});
export type ForgeDeployment = z.infer<typeof deployment>;

export const output = resource({ output: z.string().nullish() });
export const content = resource({ content: z.string().nullish() });

export const domain = resource({
  name: z.string(),
  type: str,
  status: str,
});
export type ForgeDomain = z.infer<typeof domain>;

export const certificate = resource({
  type: str,
  request_status: str,
  status: str,
  active: z.boolean().nullish(),
  created_at: str,
  updated_at: str,
});
export type ForgeCertificate = z.infer<typeof certificate>;

export const event = resource({
  description: z.string(),
  ran_as: str,
  created_at: str,
});
export type ForgeEvent = z.infer<typeof event>;

/** Forge's error bodies: {message} and, on 422, {errors: {field: [messages]}}. */
export const errorBody = z.object({
  message: z.string().optional(),
  errors: z.record(z.string(), z.array(z.string())).optional(),
});

export const database = resource({
  name: z.string(),
  status: z.string().nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
});
export type ForgeDatabase = z.infer<typeof database>;

export const backupConfiguration = resource({
  name: z.string().nullish(),
  provider: z.string().nullish(),
  status: z.string().nullish(),
  database_ids: z.array(z.union([z.number(), z.string()])).nullish(),
});
export type ForgeBackupConfiguration = z.infer<typeof backupConfiguration>;

export const backup = resource({
  status: z.string(),
  size: z.number().nullish(),
  finished_at: z.number().nullish(),
});
export type ForgeBackup = z.infer<typeof backup>;
