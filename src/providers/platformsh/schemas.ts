import { z } from 'zod';

/**
 * Platform.sh vendor shapes (HAL JSON). Only fields the mapping reads are declared: everything else,
 * notably a project's `repository.client_ssh_key`, variable values and certificate keys, is dropped
 * at parse time. Lenient (`nullish`) where the reference is loose: many samples omit fields the
 * schema marks required.
 */

const id = z.union([z.string(), z.number()]).transform(String);
const str = z.string().nullish();
const bool = z.boolean().nullish();

/** HAL `_links`: name → { href }. Kept loose; hrefs are read through `linkHref`. */
export const links = z.record(z.string(), z.unknown()).nullish();
export type Links = z.infer<typeof links>;

export function linkHref(value: Links, name: string): string | undefined {
  const link = value?.[name];
  if (link && typeof link === 'object' && typeof (link as { href?: unknown }).href === 'string') {
    return (link as { href: string }).href;
  }
  return undefined;
}

/** Accounts-API list envelope: `{ items, count, _links: { next } }`, paged by following `next`. */
export function halPage<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item).nullish(), count: z.number().nullish(), _links: links });
}

export const user = z.object({ id: z.string(), username: str });

export const organization = z.object({
  id: z.string(),
  name: str,
  label: str,
  status: str,
});
export type PlatformshOrganization = z.infer<typeof organization>;

export const subscription = z.object({
  id,
  status: str,
  plan: str,
  project_id: str,
  project_title: str,
  project_region: str,
  project_region_label: str,
  project_ui: str,
  environments: z.number().nullish(),
  storage: z.number().nullish(),
  created_at: str,
});
export type PlatformshSubscription = z.infer<typeof subscription>;

export const canCreate = z.object({
  can_create: bool,
  message: str,
  required_action: z.object({ action: str, type: str }).nullish(),
});

export const project = z.object({
  id: z.string(),
  title: str,
  region: str,
  organization: str,
  default_branch: str,
  default_domain: str,
  status: z.object({ code: str, message: str }).nullish(),
  repository: z.object({ url: str }).nullish(),
  subscription: z.object({ plan: str }).nullish(),
  created_at: str,
});
export type PlatformshProject = z.infer<typeof project>;

export const environment = z.object({
  id: z.string(),
  name: str,
  machine_name: str,
  title: str,
  type: str,
  status: z.string(),
  parent: str,
  project: str,
  is_main: bool,
  default_domain: str,
  edge_hostname: str,
  head_commit: str,
  has_code: bool,
  deployment_state: z.object({ last_deployment_successful: bool, last_deployment_at: str }).nullish(),
  created_at: str,
  _links: links,
});
export type PlatformshEnvironment = z.infer<typeof environment>;

export const activity = z.object({
  id: z.string(),
  type: z.string(),
  state: z.string(),
  result: str,
  project: str,
  environments: z.array(z.string()).nullish(),
  completion_percent: z.number().nullish(),
  created_at: str,
  started_at: str,
  completed_at: str,
  cancelled_at: str,
  /** Deprecated by the API in favour of the streaming log link, still filled by many activities. */
  log: str,
  payload: z.record(z.string(), z.unknown()).nullish(),
  _links: links,
});
export type PlatformshActivity = z.infer<typeof activity>;

/** What project-API writes answer: `{status, code}` plus the started activities in `_embedded`. */
export const accepted = z.object({
  status: str,
  code: z.number().nullish(),
  _embedded: z
    .object({
      activities: z.array(activity).nullish(),
      entity: z.record(z.string(), z.unknown()).nullish(),
    })
    .nullish(),
});
export type PlatformshAccepted = z.infer<typeof accepted>;

/**
 * An environment or project variable. Its value is reduced to whether one is set while parsing, so
 * no value Platform.sh returns (it does for variables not marked sensitive) outlives the parse.
 */
export const variable = z
  .object({
    id: str,
    name: z.string(),
    value: z.string().nullish(),
    is_sensitive: bool,
    visible_build: bool,
    visible_runtime: bool,
    application_scope: z.array(z.string()).nullish(),
    inherited: bool,
    is_enabled: bool,
  })
  .transform(({ value, ...rest }) => ({
    ...rest,
    // Sensitive values are never returned; one is always set (the API requires it).
    has_value: rest.is_sensitive ? true : Boolean(value),
  }));
export type PlatformshVariable = z.infer<typeof variable>;

/** An environment backup; only finished ones are listed (its activity tracks one being made). */
export const backup = z.object({
  id: z.string(),
  status: str,
  created_at: str,
  updated_at: str,
  expires_at: str,
  commit_id: str,
  safe: bool,
  restorable: bool,
  automated: bool,
  size_of_volumes: z.number().nullish(),
  size_used: z.number().nullish(),
});
export type PlatformshBackup = z.infer<typeof backup>;

export const domain = z.object({
  id: str,
  name: z.string(),
  type: str,
  is_default: bool,
  replacement_for: str,
  created_at: str,
});
export type PlatformshDomain = z.infer<typeof domain>;

export const certificate = z.object({
  id: z.string(),
  domains: z.array(z.string()).nullish(),
  is_provisioned: bool,
  is_invalid: bool,
  expires_at: str,
  issuer: z.array(z.object({ alias: str, value: str })).nullish(),
  created_at: str,
});
export type PlatformshCertificate = z.infer<typeof certificate>;

export const gitRef = z.object({
  ref: z.string(),
  object: z.object({ type: str, sha: z.string() }),
});

export const gitCommit = z.object({
  sha: z.string(),
  message: str,
  author: z.object({ name: str, date: str }).nullish(),
});
export type PlatformshCommit = z.infer<typeof gitCommit>;

/** OAuth token endpoint answer (and its RFC 6749 error body). */
export const tokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive().nullish(),
  token_type: str,
});
export const tokenError = z.object({ error: str, error_description: str });

/**
 * Two error families: the accounts API answers `application/problem+json` `{error}` (spec `Error`);
 * the project API answers `{status, code, message, title, detail}`.
 */
export const errorBody = z.object({
  error: str,
  message: str,
  title: str,
  detail: z.union([z.record(z.string(), z.unknown()), z.string()]).nullish(),
});
