import { z } from 'zod';

/**
 * Platform.sh arguments of the write verbs. Names shared with other providers (`name`, `region`,
 * `domain`) mean the same thing; Platform.sh-only fields say so first. Kept short: every word here
 * is in the tool list the model reads.
 */

/** create-org-subscription: a project is a billed subscription, hence the required plan. */
export const createServerInput = z.object({
  name: z.string().trim().min(1).max(100).describe('Project title.'),
  organization: z
    .string()
    .trim()
    .min(1)
    .describe('Platform.sh: organization id or name that owns and pays for the project.'),
  plan: z
    .string()
    .trim()
    .min(1)
    .describe('Platform.sh: plan, e.g. development, standard. Billed: try dry_run first.'),
  region: z.string().trim().min(1).describe('Region id, e.g. eu-3.platform.sh.'),
  default_branch: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .optional()
    .describe('Platform.sh: production branch (default main).'),
});

/** branch-environment: a new environment cut from a parent. */
export const createSiteInput = z.object({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" or "-", at most 64')
    .describe('Platform.sh: name of the new environment (its git branch).'),
  parent: z
    .string()
    .min(1)
    .optional()
    .describe('Platform.sh: environment to branch from (default: the production branch).'),
  title: z.string().min(1).max(100).optional().describe('Platform.sh: environment title (default: name).'),
  environment_type: z
    .enum(['development', 'staging'])
    .default('development')
    .describe('Platform.sh: development (default) or staging.'),
  clone_parent: z.boolean().default(true).describe("Platform.sh: copy the parent's data (default true)."),
});

export const deployInput = z.object({
  activate: z
    .boolean()
    .default(false)
    .describe('Platform.sh: activate an inactive (or resume a paused) environment; starts billed resources.'),
});

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/;
const PEM_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+-----END [A-Z ]*PRIVATE KEY-----/;

/** A domain (automatic Let's Encrypt) and/or a custom certificate upload. */
export const issueCertificateInput = z
  .object({
    domain: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'must be a domain name')
      .optional()
      .describe('Domain to add; Platform.sh issues its certificate automatically.'),
    certificate: z
      .string()
      .regex(PEM_CERT, 'must be a PEM certificate')
      .optional()
      .describe('Platform.sh: PEM certificate to upload instead of the automatic one.'),
    private_key: z
      .string()
      .regex(PEM_KEY, 'must be a PEM private key')
      .optional()
      .describe('Platform.sh: PEM private key of `certificate` (sent, never echoed).'),
    chain: z
      .array(z.string().regex(PEM_CERT, 'must be a PEM certificate'))
      .max(10)
      .optional()
      .describe('Platform.sh: PEM intermediate certificates.'),
    replacement_for: z
      .string()
      .trim()
      .toLowerCase()
      .optional()
      .describe('Platform.sh: production domain this one stands in for (non-production environments).'),
  })
  .refine((input) => input.domain || input.certificate, {
    message: 'pass `domain`, or `certificate` with `private_key`',
    path: ['domain'],
  })
  .refine((input) => Boolean(input.certificate) === Boolean(input.private_key), {
    message: '`certificate` and `private_key` go together',
    path: ['private_key'],
  });

export type IssueCertificateInput = z.infer<typeof issueCertificateInput>;
