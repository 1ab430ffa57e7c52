import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostingError } from '../../../src/core/errors.js';
import { HttpClient } from '../../../src/core/http.js';
import { createLogger } from '../../../src/core/logger.js';
import { RateLimiter } from '../../../src/core/rate-limit.js';
import { Redactor } from '../../../src/core/redact.js';
import { CatalogClient } from '../../../src/providers/kit/catalog-client.js';
import { riskOf } from '../../../src/providers/kit/policy.js';
import {
  type PlatformshOperationId,
  platformshCatalog,
} from '../../../src/providers/platformsh/catalog.gen.js';
import { PlatformshSimulator } from '../../../src/providers/platformsh/simulator/behaviour.js';

/** specs/platformsh.policy.yaml as the catalog carries it, and the client that enforces it. */

/** Just what the test reads of the OpenAPI document. */
interface Doc {
  paths: Record<
    string,
    Record<
      string,
      {
        operationId: string;
        responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
      }
    >
  >;
}

const op = (id: PlatformshOperationId) => platformshCatalog.operations[id];
const risk = (id: PlatformshOperationId, body?: unknown) => riskOf(op(id), body);

describe('platformsh policy: risk', () => {
  it('keeps reads as reads and plain writes as writes', () => {
    expect(risk('list-projects-environments')).toBe('read');
    expect(risk('get-projects-activities')).toBe('read');
    expect(risk('branch-environment', { name: 'x', title: 'x' })).toBe('write');
    expect(risk('create-projects-domains', { name: 'shop.example.com' })).toBe('write');
    expect(risk('backup-environment')).toBe('write');
  });

  it('makes environment actions that overwrite data or deploy destructive, whatever the body', () => {
    for (const id of [
      'deactivate-environment',
      'restore-backup',
      'merge-environment',
      'pause-environment',
      'maintenance-redeploy-environment',
      'maintenance-redeploy-project',
      'initialize-environment',
      'run-source-operation',
      'run-operation',
      'run-task',
      'action-projects-activities-cancel',
      'action-projects-environments-activities-cancel',
      'update-projects-environments-deployments-next',
      'create-projects-environments-routes',
      'update-projects-environments-routes',
      'update-environment',
      'update-projects',
      'update-projects-integrations',
    ] as const) {
      expect(risk(id), id).toBe('destructive');
      expect(op(id).reason, id).toBeTruthy();
    }
    // A body can never lower the risk: code-only synchronization still rewrites the environment.
    expect(risk('synchronize-environment', { synchronize_code: true, synchronize_data: false })).toBe(
      'destructive',
    );
  });

  it('treats a redeploy or a deploy of staged changes as a deployment: a write', () => {
    for (const id of ['redeploy-environment', 'deploy-environment'] as const) {
      expect(riskOf(platformshCatalog.operations[id]), id).toBe('write');
    }
  });

  it('asks a person before access is granted or money is spent', () => {
    for (const id of [
      'create-org-member',
      'update-org-member',
      'create-org-invite',
      'create-project-invite',
      'grant-project-team-access',
      'grant-project-user-access',
      'grant-user-project-access',
      'grant-team-project-access',
      'create-projects-access',
      'create-org-subscription',
      'create-org-project',
      'update-org-subscription',
      'update-org-addons',
      'apply-org-voucher',
      'activate-environment',
    ] as const) {
      expect(risk(id), id).toBe('destructive');
    }
    expect(op('create-org-subscription').reason).toMatch(/billed/);
  });

  it('reads the checks the API sends as POST', () => {
    expect(risk('can-afford-subscription', { resources: {} })).toBe('read');
    expect(risk('get-current-user-verification-status')).toBe('read');
  });

  it('denies the calls no assistant should make, saying what to use instead', () => {
    const denied = Object.values(platformshCatalog.operations).filter((o) => o.risk === 'deny');
    expect(denied.map((o) => o.id).sort()).toEqual(
      [
        'create-api-token',
        'delete-api-token',
        'get-totp-enrollment',
        'confirm-totp-enrollment',
        'withdraw-totp-enrollment',
        'recreate-recovery-codes',
        'disable-org-mfa-enforcement',
        'reset-password',
        'reset-email-address',
        'update-profile',
        'delete-login-connection',
        'verify-phone-number',
        'confirm-phone-number',
        'create-ssh-key',
        'create-authorization-credentials',
        'create-projects-deployments',
        'update-projects-deployments',
        'delete-projects-deployments',
        'update-projects-settings',
        'action-projects-system-restart',
      ].sort(),
    );
    for (const o of denied) expect(o.reason, o.id).toMatch(/Console|support|sign-in page|use [a-z-]+/);
  });
});

describe('platformsh policy: async and secrets', () => {
  it('follows every write that answers AcceptedResponse through its activities', () => {
    const doc: Doc = JSON.parse(readFileSync('specs/platformsh.openapi.json', 'utf8'));
    const accepted = Object.values(doc.paths)
      .flatMap((item) => Object.values(item))
      .filter((o) =>
        Object.values(o.responses ?? {}).some(
          (r) => r.content?.['application/json']?.schema?.$ref === '#/components/schemas/AcceptedResponse',
        ),
      )
      .map((o) => o.operationId);
    expect(accepted.length).toBeGreaterThan(60);
    for (const id of accepted) {
      expect(op(id as PlatformshOperationId).async, id).toEqual({ follow: 'get-projects-activities' });
    }
    expect(op('create-org-subscription').async).toEqual({ follow: 'get-org-subscription' });
    expect(op('create-org-project').async).toEqual({ follow: 'get-org-project' });
    expect(op('list-projects-environments').async).toBeUndefined();
  });

  it('marks the fields that hold secrets, and not their harmless namesakes', () => {
    expect(op('get-api-token').secrets).toEqual(['token']);
    expect(op('list-projects-environments-variables').secrets).toEqual(['[].value']);
    expect(op('get-projects-variables').secrets).toEqual(['value']);
    expect(op('get-environment').secrets).toEqual(['http_access.basic_auth']);
    expect(op('get-projects-environments-deployments').secrets).toEqual(
      expect.arrayContaining(['variables', 'vpn', 'webapps.*.variables', 'workers.*.variables']),
    );
    expect(op('get-projects-integrations').secrets).toEqual(
      expect.arrayContaining(['shared_key', 'routing_key', 'environments_credentials.*.server_token']),
    );
    expect(op('get-org-invoice').secrets).toEqual(['invoice_pdf.url']);
    expect(op('get-org-subscription').secrets).toEqual(['project_options.defaults.variables']);
    // A certificate issuer's `value`, a metric's `value`, a public SSH key: not secrets.
    expect(op('get-projects-certificates').secrets).toBeUndefined();
    expect(op('query-project-carbon').secrets).toBeUndefined();
    expect(op('get-ssh-key').secrets).toBeUndefined();
  });
});

describe('platformsh policy: the client refuses a denied operation', () => {
  let sim: PlatformshSimulator;
  let client: CatalogClient<PlatformshOperationId>;
  let http: HttpClient;

  beforeAll(async () => {
    sim = new PlatformshSimulator();
    const { apiUrl } = await sim.listen();
    const redactor = new Redactor();
    http = new HttpClient({
      baseUrl: apiUrl,
      providerTitle: 'Platform.sh',
      authenticator: { headers: async () => ({}) },
      authHint: 'set it',
      userAgent: 'test',
      limiter: new RateLimiter({ limit: 0, windowMs: 60_000, maxWaitMs: 1_000 }),
      logger: createLogger({ level: 'silent', redactor }),
    });
    client = new CatalogClient(http, platformshCatalog);
  });
  afterAll(async () => {
    await http.close();
    await sim.close();
  });

  it('with the reason, before anything is sent', async () => {
    const error = await client
      .send('create-api-token', { params: { user_id: 'me' }, body: { name: 'x' } }, {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostingError);
    expect((error as HostingError).code).toBe('forbidden');
    expect((error as HostingError).message).toMatch(/long-lived credential[\s\S]*Console/);
    const sent = await client
      .send('action-projects-system-restart', { params: { projectId: 'p' } }, {})
      .catch((e: unknown) => e);
    expect((sent as HostingError).code).toBe('forbidden');
    expect(sim.http.requests).toHaveLength(0);
  });
});
