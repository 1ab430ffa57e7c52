import { afterEach, describe, expect, it } from 'vitest';
import { HostingError } from '../../../src/core/errors.js';
import { createLogger } from '../../../src/core/logger.js';
import { decodeHandle } from '../../../src/core/operations.js';
import { Redactor } from '../../../src/core/redact.js';
import { repositoryUrl, splitImage } from '../../../src/providers/coolify/application-request.js';
import { coolifyApiBase, parseCoolifyError } from '../../../src/providers/coolify/client.js';
import { parseDomains, withHttps } from '../../../src/providers/coolify/fqdn.js';
import { certificateOperation, mapCertificates } from '../../../src/providers/coolify/map-certificate.js';
import { deploymentLogText } from '../../../src/providers/coolify/map-deployment.js';
import { mapServer, serverOperation } from '../../../src/providers/coolify/map-server.js';
import { serviceOperation } from '../../../src/providers/coolify/map-service-restart.js';
import { mapApplication, mapService } from '../../../src/providers/coolify/map-site.js';
import { createCoolifyProvider } from '../../../src/providers/coolify/provider.js';
import * as v from '../../../src/providers/coolify/schemas.js';
import {
  CoolifySimulator,
  type CoolifySimulatorOptions,
} from '../../../src/providers/coolify/simulator/behaviour.js';
import { COOLIFY_CANARIES, COOLIFY_SEED } from '../../../src/providers/coolify/simulator/seed.js';
import { deploymentState } from '../../../src/providers/coolify/states.js';
import type {
  CertificatesCapability,
  DeploymentsCapability,
  HostingProvider,
  LogsCapability,
  OperationsCapability,
  ServersCapability,
  SitesCapability,
} from '../../../src/providers/types.js';
import { withToolNames } from '../../../src/tools/verb-names.js';

const [shop, blog, statusPage] = COOLIFY_SEED.applications as [
  (typeof COOLIFY_SEED.applications)[0],
  (typeof COOLIFY_SEED.applications)[0],
  (typeof COOLIFY_SEED.applications)[0],
];
const umami = COOLIFY_SEED.services[0]!;
const [localhost, edge] = COOLIFY_SEED.servers as [
  (typeof COOLIFY_SEED.servers)[0],
  (typeof COOLIFY_SEED.servers)[0],
];
const MINUTE = 60_000;

/** The provider with every group Coolify has, as the tests call them directly. */
type CoolifyProvider = HostingProvider & {
  servers: Required<ServersCapability>;
  sites: Required<SitesCapability>;
  deployments: DeploymentsCapability;
  certificates: CertificatesCapability;
  logs: LogsCapability;
  operations: OperationsCapability;
};
const create = (...args: Parameters<typeof createCoolifyProvider>) =>
  createCoolifyProvider(...args) as CoolifyProvider;

interface Setup {
  sim: CoolifySimulator;
  provider: CoolifyProvider;
  baseUrl: string;
  logs: string[];
  /** Requests the simulator saw since the last call, as "METHOD /path?query". */
  sent(): Array<{ method: string; path: string; body: unknown }>;
}

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((close) => close()));
});

async function setup(options: CoolifySimulatorOptions & { pollScale?: number } = {}): Promise<Setup> {
  const sim = new CoolifySimulator(options);
  const baseUrl = await sim.listen();
  const logs: string[] = [];
  const redactor = new Redactor();
  const provider = create(
    { provider: 'coolify', name: 'main', settings: { api_token: sim.token, base_url: baseUrl } },
    {
      logger: createLogger({ level: 'debug', redactor, write: (line) => logs.push(line) }),
      redactor,
      userAgent: 'test',
      rateLimitPerMinute: 0,
      pollScale: options.pollScale,
      secretFiles: { save: async () => '/dev/null' },
    },
  );
  open.push(async () => {
    await provider.close();
    await sim.close();
  });
  let seen = 0;
  return {
    sim,
    provider,
    baseUrl,
    logs,
    sent() {
      const fresh = sim.http.requests.slice(seen);
      seen = sim.http.requests.length;
      return fresh.map((r) => ({ method: r.method, path: r.path, body: r.body }));
    },
  };
}

type Sent = { method: string; path: string; body: unknown };
const writes = (requests: Sent[]) => requests.filter((r) => r.method !== 'GET');
const bodyOf = (request: Sent | undefined) => (request?.body ?? {}) as Record<string, unknown>;

describe('Coolify request building', () => {
  it('attaches a server with the resolved key, then starts validation', async () => {
    const { provider, sent } = await setup();
    const result = await provider.servers.create.run({}, undefined, {
      name: 'edge-2',
      ip_address: '198.51.100.7',
      private_key: 'acme-deploy',
      user: 'deploy',
      port: 2222,
      proxy_type: 'caddy',
      install: true,
    });
    const posts = writes(sent());
    expect(posts).toHaveLength(2);
    expect(posts[0]).toEqual({
      method: 'POST',
      path: '/api/v1/servers',
      body: {
        name: 'edge-2',
        ip: '198.51.100.7',
        port: 2222,
        user: 'deploy',
        private_key_uuid: COOLIFY_SEED.keys[1]!.uuid,
        proxy_type: 'caddy',
        instant_validate: false,
      },
    });
    const uuid = result.resource?.id as string;
    expect(posts[1]).toEqual({
      method: 'POST',
      path: `/api/v1/servers/${uuid}/validate`,
      body: { install: true },
    });
    expect(result.operation).toMatchObject({
      kind: 'server',
      state: 'running',
      done: false,
      status: 'validating',
    });
    expect(result.next_steps?.[0]).toContain('deploy@198.51.100.7:2222 with key "acme-deploy"');
  });

  it('refuses to guess between several SSH keys and names them', async () => {
    const { provider, sent } = await setup();
    const error = await provider.servers.create
      .run({}, undefined, { name: 'x', ip_address: '198.51.100.8' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(HostingError);
    expect(error.code).toBe('ambiguous');
    expect(error.details.keys.map((k: { name: string }) => k.name)).toEqual([
      "localhost's key",
      'acme-deploy',
    ]);
    expect(writes(sent())).toHaveLength(0);
  });

  it('creates a public-repository application with exactly the fields Coolify allows', async () => {
    const { provider, sent } = await setup();
    const result = await provider.sites.create.run(
      {},
      { server: 'edge-1' },
      {
        kind: 'public',
        domain: 'app.example.test',
        repository: 'acme/app',
        ports_exposes: '3000',
      },
    );
    expect(writes(sent())).toEqual([
      {
        method: 'POST',
        path: '/api/v1/applications/public',
        body: {
          project_uuid: COOLIFY_SEED.project.uuid,
          server_uuid: edge.uuid,
          environment_name: 'production',
          domains: 'http://app.example.test',
          ports_exposes: '3000',
          git_repository: 'https://github.com/acme/app',
          git_branch: 'main',
          build_pack: 'nixpacks',
        },
      },
    ]);
    expect(result.operation).toBeUndefined();
    expect(result.resource).toMatchObject({
      server_id: edge.uuid,
      domains: ['app.example.test'],
      https: false,
      repository: 'https://github.com/acme/app',
      branch: 'main',
      status: 'exited',
    });
    expect(withToolNames(result.next_steps?.join(' '))).toMatch(/deploy_site[\s\S]*issue_certificate/);
  });

  it('base64-encodes an inline Dockerfile and splits image references', async () => {
    const { provider, sent } = await setup();
    const dockerfile = 'FROM caddy:2\nEXPOSE 8080\n';
    const made = await provider.sites.create.run(
      {},
      { server: 'localhost' },
      { kind: 'dockerfile', dockerfile },
    );
    const [create] = writes(sent());
    expect(create?.path).toBe('/api/v1/applications/dockerfile');
    expect(Buffer.from(String(bodyOf(create).dockerfile), 'base64').toString()).toBe(dockerfile);
    // The simulator read the port from the decoded Dockerfile, as Coolify does.
    expect(made.resource?.details).toMatchObject({ build_pack: 'dockerfile', ports_exposes: '8080' });
    expect(made.resource?.repository).toBeNull();

    await provider.sites.create.run(
      {},
      { server: 'localhost' },
      { kind: 'dockerimage', image: 'ghcr.io/acme/api:1.4' },
    );
    const [image] = writes(sent());
    expect(image?.path).toBe('/api/v1/applications/dockerimage');
    expect(bodyOf(image)).toMatchObject({
      docker_registry_image_name: 'ghcr.io/acme/api',
      docker_registry_image_tag: '1.4',
    });
    expect(splitImage('registry.local:5000/app')).toEqual({
      docker_registry_image_name: 'registry.local:5000/app',
    });
    expect(splitImage('nginx@sha256:abc')).toEqual({ docker_registry_image_name: 'nginx@sha256:abc' });
    expect(repositoryUrl('git@github.com:acme/x.git')).toBe('git@github.com:acme/x.git');
    expect(repositoryUrl('acme/x.git')).toBe('https://github.com/acme/x');
  });

  it('names every missing field of the chosen kind before sending anything', async () => {
    const { provider, sent } = await setup();
    const error = await provider.sites.create
      .run({}, { server: 'localhost' }, { kind: 'dockerimage' })
      .catch((e) => e);
    expect(error.code).toBe('invalid_argument');
    expect(error.message).toMatch(/image: required for kind dockerimage/);
    expect(sent()).toHaveLength(0);
  });

  it('deploys through POST /deploy with the uuid and force flag as query', async () => {
    const { provider, sent } = await setup();
    const result = await provider.deployments.deploy.run({}, { site: 'acme-blog' }, { force: true });
    const [post] = writes(sent());
    expect(post).toEqual({
      method: 'POST',
      path: `/api/v1/deploy?uuid=${blog.uuid}&force=true`,
      body: undefined,
    });
    expect(result.operation).toMatchObject({
      kind: 'deployment',
      state: 'pending',
      status: 'queued',
      done: false,
    });
    expect(decodeHandle(result.operation!.id).ids[0]).toBe(blog.uuid);
  });

  it('keeps the queued deployment when reading it back fails, so nobody deploys twice', async () => {
    const { provider, sim, sent } = await setup();
    sim.http.inject({ status: 500, match: 'GET /api/v1/deployments/' });
    const result = await provider.deployments.deploy.run({}, { site: 'acme-blog' }, {});
    expect(writes(sent())).toHaveLength(1);
    expect(result.operation).toMatchObject({ kind: 'deployment', status: 'queued', done: false });
    sim.clock.advance(5 * MINUTE);
    expect(await provider.operations.get({}, decodeHandle(result.operation!.id))).toMatchObject({
      state: 'succeeded',
    });
  });

  it('warns when the API token would travel over plain http', async () => {
    const logs: string[] = [];
    const redactor = new Redactor();
    const deps = {
      logger: createLogger({ level: 'warn', redactor, write: (line: string) => logs.push(line) }),
      redactor,
      userAgent: 'test',
      secretFiles: { save: async () => '/dev/null' },
    };
    const account = (base_url: string) => ({
      provider: 'coolify' as const,
      name: 'main',
      settings: { api_token: 't', base_url },
    });
    await create(account('https://coolify.example'), deps).close();
    expect(logs).toHaveLength(0);
    await create(account('http://coolify.example:8000'), deps).close();
    expect(logs.join('')).toMatch(/plain http/);
  });

  it('restarts a service for deploy_site, pulling images when forced', async () => {
    const { provider, sent } = await setup();
    const result = await provider.deployments.deploy.run({}, { site: 'stats.acme.test' }, { force: true });
    expect(writes(sent())).toEqual([
      { method: 'POST', path: `/api/v1/services/${umami.uuid}/restart?latest=true`, body: undefined },
    ]);
    expect(result.operation).toMatchObject({ kind: 'service', state: 'running', done: false });
  });

  it('switches one domain to https, keeps the others, then restarts', async () => {
    const { provider, sent } = await setup();
    const result = await provider.certificates.issue.run(
      {},
      { site: 'acme-shop' },
      { domain: 'www.shop.acme.test' },
    );
    expect(writes(sent())).toEqual([
      {
        method: 'PATCH',
        path: `/api/v1/applications/${shop.uuid}`,
        body: { domains: 'https://shop.acme.test,https://www.shop.acme.test' },
      },
      { method: 'POST', path: `/api/v1/applications/${shop.uuid}/restart`, body: undefined },
    ]);
    expect(result.message).toMatch(/now serves www\.shop\.acme\.test over https/);
    expect(result.operation).toMatchObject({ kind: 'certificate', state: 'pending', done: false });
    expect(result.resource).toMatchObject({ domain: 'www.shop.acme.test', state: 'pending', active: false });
  });

  it('adds a new https domain without a restart when asked not to restart', async () => {
    const { provider, sent } = await setup();
    const result = await provider.certificates.issue.run(
      {},
      { site: 'acme-blog' },
      { domain: 'news.acme.test', restart: false },
    );
    expect(writes(sent())).toEqual([
      {
        method: 'PATCH',
        path: `/api/v1/applications/${blog.uuid}`,
        body: { domains: 'http://blog.acme.test,https://news.acme.test' },
      },
    ]);
    expect(result.operation).toMatchObject({ state: 'succeeded', details: { applied: false } });
    expect(result.next_steps?.join(' ')).toMatch(/next restart or deployment/);
  });

  it('changes nothing when the domain already uses https', async () => {
    const { provider, sent } = await setup();
    const result = await provider.certificates.issue.run({}, { site: 'acme-shop' }, {});
    expect(writes(sent())).toEqual([]);
    expect(result.message).toMatch(/already uses https/);
  });

  it('refuses certificates on a server without a proxy', async () => {
    const { provider, sim } = await setup();
    const made = await provider.servers.create.run({}, undefined, {
      name: 'bare',
      ip_address: '198.51.100.9',
      private_key: 'acme-deploy',
      proxy_type: 'none',
    });
    sim.clock.advance(5 * MINUTE);
    const app = await provider.sites.create.run(
      {},
      { server: made.resource!.id as string },
      { kind: 'dockerimage', image: 'nginx:1.27' },
    );
    const error = await provider.certificates.issue
      .run({}, { site: app.resource!.id as string }, { domain: 'x.example.test' })
      .catch((e) => e);
    expect(error.code).toBe('invalid_argument');
    expect(error.message).toMatch(/runs no proxy/);
  });

  it('asks Coolify for the requested tail, and the whole window when filtering', async () => {
    const { provider, sent } = await setup();
    await provider.logs.read({}, { source: 'application', site: 'acme-shop', lines: 25 });
    expect(sent().filter((r) => r.path.includes('/logs'))).toEqual([
      { method: 'GET', path: `/api/v1/applications/${shop.uuid}/logs?lines=25`, body: undefined },
    ]);
    await provider.logs.read({}, { source: 'application', site: 'umami', id: 'umami' });
    expect(sent().filter((r) => r.path.includes('/logs'))[0]?.path).toBe(
      `/api/v1/services/${umami.uuid}/logs?sub_service_name=umami&lines=100`,
    );
  });
});

describe('Coolify response and status mapping', () => {
  it('maps Coolify deployment statuses, never reading an unknown word as success', () => {
    expect(deploymentState('queued')).toBe('pending');
    expect(deploymentState('in_progress')).toBe('running');
    expect(deploymentState('finished')).toBe('succeeded');
    expect(deploymentState('failed')).toBe('failed');
    expect(deploymentState('cancelled-by-user')).toBe('cancelled');
    expect(deploymentState('something-new')).toBe('running');
  });

  it('composes a server status from reachability flags and validation output', () => {
    const base = { uuid: 's1', name: 'web', ip: '198.51.100.1' };
    expect(mapServer(v.server.parse({ ...base, is_reachable: true, is_usable: true })).status).toBe('usable');
    expect(
      mapServer(v.server.parse({ ...base, settings: { is_reachable: true, is_usable: false } })).status,
    ).toBe('not-usable');
    const failed = serverOperation(
      'main',
      v.server.parse({
        ...base,
        validation_logs: 'Server is not reachable.<br><div class="x">Error: timed out &amp; gone</div>',
      }),
    );
    expect(failed).toMatchObject({ state: 'failed', done: true, status: 'validation-failed' });
    expect(failed.log_tail).toEqual(['Server is not reachable.', 'Error: timed out & gone']);
    expect(serverOperation('main', v.server.parse(base))).toMatchObject({
      state: 'running',
      status: 'validating',
    });
  });

  it('drops secrets at parse time and keeps only allow-listed fields', () => {
    const parsed = v.server.parse({
      uuid: 's1',
      name: 'web',
      settings: { is_reachable: true, sentinel_token: 'secret-token', logdrain_axiom_api_key: 'k' },
    });
    expect(JSON.stringify(parsed)).not.toContain('secret-token');
    const key = v.privateKey.parse({
      uuid: 'k',
      name: 'n',
      private_key: '-----BEGIN OPENSSH PRIVATE KEY-----',
    });
    expect(key).not.toHaveProperty('private_key');
  });

  it('maps applications: hosts, public URL without the container port, repo only when git-backed', () => {
    const app = v.application.parse({
      uuid: 'a1',
      name: 'api',
      fqdn: 'https://api.example.test:3000/v1,http://API2.example.test',
      status: 'running:healthy',
      build_pack: 'dockerfile',
      git_repository: 'coollabsio/coolify',
      git_branch: 'main',
      source_id: null,
    });
    const site = mapApplication(app, 'srv');
    expect(site).toMatchObject({
      domains: ['api.example.test', 'api2.example.test'],
      url: 'https://api.example.test/v1',
      https: true,
      repository: null,
      branch: null,
      server_id: 'srv',
    });
    expect(
      mapApplication({ ...app, source_id: 0, git_repository: 'https://github.com/a/b' }).repository,
    ).toBe('https://github.com/a/b');
  });

  it('maps services with the domains of their containers', () => {
    const service = v.service.parse({
      uuid: 's',
      name: 'umami',
      status: 'running:healthy',
      applications: [{ name: 'umami', fqdn: 'https://stats.example.test:3000' }],
      databases: [{ name: 'postgresql' }],
    });
    expect(mapService(service)).toMatchObject({
      domains: ['stats.example.test'],
      url: 'https://stats.example.test',
      details: { kind: 'service', containers: ['umami'], databases: ['postgresql'] },
    });
  });

  it('reads deployment logs without Coolify’s hidden debug entries', () => {
    const logs = JSON.stringify([
      { output: 'Starting deployment.', type: 'stdout', hidden: false },
      { output: 'docker rm -f x', type: 'stdout', hidden: true },
      { output: 'Build failed', type: 'stderr', hidden: 0 },
    ]);
    expect(deploymentLogText(logs)).toBe('Starting deployment.\nBuild failed');
    expect(deploymentLogText('plain text')).toBe('plain text');
    expect(deploymentLogText(undefined)).toBeUndefined();
  });

  it('accepts both shapes of the per-application deployment list', () => {
    const item = { deployment_uuid: 'd', status: 'finished' };
    expect(v.deploymentPage.parse({ count: 3, deployments: [item] })).toMatchObject({ count: 3 });
    expect(v.deploymentPage.parse([item]).deployments).toHaveLength(1);
  });

  it('parses Coolify error bodies, whose field errors are strings or lists', () => {
    expect(
      parseCoolifyError({
        message: 'Validation failed.',
        errors: { dockerfile: 'should be base64', ip: ['required'] },
      }),
    ).toEqual({
      message: 'Validation failed.',
      fields: { dockerfile: ['should be base64'], ip: ['required'] },
    });
    expect(parseCoolifyError({ message: 'Unauthenticated.' })).toEqual({
      message: 'Unauthenticated.',
      fields: undefined,
    });
  });

  it('builds the API root from the instance URL', () => {
    expect(coolifyApiBase('http://coolify.example:8000')).toBe('http://coolify.example:8000/api/v1');
    expect(coolifyApiBase('https://c.example/')).toBe('https://c.example/api/v1');
    expect(coolifyApiBase('https://c.example/api/v1/')).toBe('https://c.example/api/v1');
    expect(coolifyApiBase('https://c.example/api')).toBe('https://c.example/api/v1');
  });

  it('rewrites domains to https keeping ports, paths and the other entries', () => {
    const entries = parseDomains('http://a.test:8080/app,https://b.test');
    expect(withHttps(entries, 'a.test')).toEqual({
      value: 'https://a.test:8080/app,https://b.test',
      url: 'https://a.test:8080/app',
      action: 'switched',
    });
    expect(withHttps(entries, 'b.test').action).toBe('unchanged');
    expect(withHttps(entries, 'c.test')).toMatchObject({
      value: 'http://a.test:8080/app,https://b.test,https://c.test',
      action: 'added',
    });
  });

  it('reports certificates from https state, running status and pending restarts', () => {
    const entries = parseDomains('https://a.test,http://b.test');
    expect(mapCertificates(entries, 'running:healthy').map((c) => c.state)).toEqual(['active', 'inactive']);
    expect(mapCertificates(entries, 'exited')[0]).toMatchObject({
      state: 'inactive',
      status: 'https, not running',
    });
    expect(mapCertificates(entries, 'running:healthy', true)[0]).toMatchObject({
      state: 'pending',
      active: false,
    });
    const app = v.application.parse({ uuid: 'a', name: 'a', fqdn: 'https://a.test' });
    const restart = (status: string) => v.deployment.parse({ deployment_uuid: 'r', status });
    expect(certificateOperation('m', app, 'a.test', restart('in_progress')).state).toBe('running');
    expect(certificateOperation('m', app, 'a.test', restart('finished')).state).toBe('succeeded');
    expect(certificateOperation('m', app, 'a.test', restart('failed')).state).toBe('failed');
    expect(certificateOperation('m', { ...app, fqdn: 'http://a.test' }, 'a.test').state).toBe('failed');
  });

  it('trusts a restarted service’s status only after the grace window', () => {
    const service = v.service.parse({ uuid: 's', name: 's', status: 'running:healthy' });
    const window = { graceMs: 1000, giveUpMs: 5000 };
    expect(serviceOperation('m', service, 0, 500, window).state).toBe('running');
    expect(serviceOperation('m', service, 0, 1500, window).state).toBe('succeeded');
    expect(serviceOperation('m', { ...service, status: 'running:unhealthy' }, 0, 1500, window).state).toBe(
      'running',
    );
    expect(serviceOperation('m', { ...service, status: 'exited' }, 0, 6000, window).state).toBe('failed');
  });
});

describe('Coolify provider against the simulator', () => {
  it('follows a server from validation to usable, and fails unreachable hosts with the reason', async () => {
    const { provider, sim } = await setup();
    const ok = await provider.servers.create.run({}, undefined, {
      name: 'ok',
      ip_address: '198.51.100.20',
      private_key: 'acme-deploy',
    });
    const bad = await provider.servers.create.run({}, undefined, {
      name: 'bad',
      ip_address: '192.0.2.30',
      private_key: 'acme-deploy',
    });
    sim.clock.advance(MINUTE);
    const okOp = await provider.operations.get({}, decodeHandle(ok.operation!.id));
    const badOp = await provider.operations.get({}, decodeHandle(bad.operation!.id));
    expect(okOp).toMatchObject({ state: 'succeeded', status: 'usable' });
    expect(badOp).toMatchObject({ state: 'failed', status: 'validation-failed' });
    expect(badOp.log_tail?.join('\n')).toMatch(/Connection timed out/);
    expect(badOp.log_tail?.join('\n')).not.toMatch(/<div/);
    const log = await provider.logs.read({}, { source: 'validation', server: 'bad' });
    expect(log.text).toMatch(/Server is not reachable/);
  });

  it('walks a deployment through its real states and tails its growing log', async () => {
    const { provider, sim } = await setup();
    const started = await provider.deployments.deploy.run({}, { site: 'acme-shop' }, {});
    const handle = decodeHandle(started.operation!.id);
    sim.clock.advance(10_000);
    const running = await provider.operations.get({}, handle);
    expect(running).toMatchObject({ state: 'running', status: 'in_progress', done: false });
    const partial = await provider.logs.read({}, { source: 'deployment', site: 'acme-shop' });
    expect(partial.complete).toBe(false);
    expect(partial.text).not.toContain('docker rm -f');
    sim.clock.advance(MINUTE);
    const done = await provider.operations.get({}, handle);
    expect(done).toMatchObject({ state: 'succeeded', status: 'finished', done: true });
    const full = await provider.logs.read({}, { source: 'deployment', site: 'acme-shop' });
    expect(full.complete).toBe(true);
    expect(full.text.split('\n').length).toBeGreaterThan(partial.text.split('\n').length);
    expect(full.text).toMatch(/Rolling update completed/);
  });

  it('queues a second deployment behind the running one, as Coolify does per application', async () => {
    const { provider, sim } = await setup();
    await provider.deployments.deploy.run({}, { site: 'acme-blog' }, {});
    const second = await provider.deployments.deploy.run({}, { site: 'acme-blog' }, {});
    sim.clock.advance(10_000);
    expect((await provider.operations.get({}, decodeHandle(second.operation!.id))).status).toBe('queued');
  });

  it('reports a failed deployment with the tail of its visible log', async () => {
    const { provider, sim } = await setup();
    sim.failNextDeployments = 1;
    const started = await provider.deployments.deploy.run({}, { site: 'acme-shop' }, {});
    sim.clock.advance(5 * MINUTE);
    const failed = await provider.operations.get({}, decodeHandle(started.operation!.id));
    expect(failed).toMatchObject({ state: 'failed', done: true });
    expect(failed.log_tail?.at(-1)).toMatch(/Deployment failed/);
  });

  it('explains hidden deployment logs for tokens without read:sensitive', async () => {
    const { provider } = await setup({ abilities: ['read', 'deploy'] });
    const error = await provider.logs.read({}, { source: 'deployment', site: 'acme-shop' }).catch((e) => e);
    expect(error).toMatchObject({ code: 'forbidden' });
    expect(error.hint).toMatch(/read:sensitive/);
    const failed = await provider.operations.get(
      {},
      decodeHandle(`coolify:main:deployment:${shop.uuid}:${shop.deployments[1]!.uuid}`),
    );
    expect(failed.details).toMatchObject({ logs: expect.stringMatching(/read:sensitive/) });
  });

  it('surfaces missing token abilities as forbidden with the token hint', async () => {
    const { provider } = await setup({ abilities: ['read'] });
    const error = await provider.deployments.deploy.run({}, { site: 'acme-shop' }, {}).catch((e) => e);
    expect(error).toMatchObject({ code: 'forbidden', status: 403 });
    expect(error.message).toMatch(/Missing required permissions: deploy/);
    expect(error.hint).toMatch(/COOLIFY_API_TOKEN/);
  });

  it('turns Coolify’s 422 into a validation error that names the fields', async () => {
    const { provider } = await setup();
    const error = await provider.sites.create
      .run({}, { server: 'localhost' }, { kind: 'public', repository: 'not a repo' })
      .catch((e) => e);
    expect(error).toMatchObject({ code: 'validation', status: 422 });
    expect(Object.keys(error.details.fields)).toEqual(['git_repository']);
  });

  it('says why an application that never ran has no container logs', async () => {
    const { provider } = await setup();
    const app = await provider.sites.create.run(
      {},
      { server: 'localhost' },
      { kind: 'dockerimage', image: 'nginx' },
    );
    const error = await provider.logs
      .read({}, { source: 'application', site: app.resource!.id as string })
      .catch((e) => e);
    expect(error).toMatchObject({ code: 'conflict' });
    expect(error.message).toMatch(/is not running/);
    expect(withToolNames(error.hint)).toMatch(/deploy_site/);
  });

  it('follows a service restart from its container status', async () => {
    // 100× clock: the 30 s grace window is 300 ms of real time, the restart takes 200 ms.
    const { provider } = await setup({ speed: 100, pollScale: 1 / 100 });
    const started = await provider.deployments.deploy.run({}, { site: 'umami' }, {});
    const handle = decodeHandle(started.operation!.id);
    const early = await provider.operations.get({}, handle);
    expect(early.state).toBe('running');
    await new Promise((resolve) => setTimeout(resolve, 450));
    const later = await provider.operations.get({}, handle);
    expect(later).toMatchObject({ state: 'succeeded', status: 'running:healthy' });
  });

  it('lists sites with their servers and narrows them to one server', async () => {
    const { provider } = await setup();
    const all = await provider.sites.list({}, { limit: 100 });
    expect(all.items.map((s) => [s.name, s.server_id])).toEqual([
      ['acme-shop', localhost.uuid],
      ['acme-blog', localhost.uuid],
      ['status-page', edge.uuid],
      ['umami', localhost.uuid],
    ]);
    const onEdge = await provider.sites.list({}, { limit: 100, server: 'edge-1' });
    expect(onEdge.items.map((s) => s.id)).toEqual([statusPage.uuid]);
    const capped = await provider.sites.list({}, { limit: 2 });
    expect(capped).toMatchObject({ truncated: true });
    expect(capped.items).toHaveLength(2);
  });

  it('finds sites by uuid, name, domain or pasted URL, and service domains too', async () => {
    const { provider } = await setup();
    for (const ref of [shop.uuid, 'ACME-SHOP', 'www.shop.acme.test', 'https://shop.acme.test/checkout']) {
      expect((await provider.sites.get({}, { site: ref })).id).toBe(shop.uuid);
    }
    expect((await provider.sites.get({}, { site: 'stats.acme.test' })).id).toBe(umami.uuid);
    const missing = await provider.sites.get({}, { site: 'acme-shop', server: 'edge-1' }).catch((e) => e);
    expect(missing).toMatchObject({ code: 'not_found' });
  });

  it('reads a site or server named by uuid directly, whatever the number of servers', async () => {
    const { provider, sim, sent } = await setup();
    sim.addServers(998);
    expect((await provider.servers.list({}, { limit: 2000 })).items).toHaveLength(1000);
    sent();
    const site = await provider.sites.get({}, { site: shop.uuid });
    expect(site).toMatchObject({ id: shop.uuid, server_id: localhost.uuid });
    expect(sent().map((r) => r.path)).toEqual([`/api/v1/applications/${shop.uuid}`]);
    expect((await provider.sites.get({}, { site: umami.uuid })).server_id).toBe(localhost.uuid);
    expect(sent()).toHaveLength(2);
    expect((await provider.servers.get({}, edge.uuid)).name).toBe('edge-1');
    expect(sent().map((r) => r.path)).toEqual([`/api/v1/servers/${edge.uuid}`]);
    // A name is looked up in the list, then read.
    expect((await provider.servers.get({}, 'fleet-700')).name).toBe('fleet-700');
    expect(sent().map((r) => r.path.replace(/[a-z0-9]{24}/, '{uuid}'))).toEqual([
      '/api/v1/servers',
      '/api/v1/servers/{uuid}',
    ]);
  });

  it('never copies a canary secret into what the provider returns', async () => {
    const { provider } = await setup();
    const results = [
      await provider.servers.list({}, { limit: 100 }),
      await provider.servers.get({}, 'localhost'),
      await provider.sites.list({}, { limit: 100 }),
      await provider.sites.get({}, { site: 'acme-shop' }),
      await provider.deployments.list({}, { site: 'acme-shop' }, { limit: 10 }),
      await provider.certificates.list({}, { site: 'acme-shop' }),
      await provider.logs.read({}, { source: 'database', id: 'acme-postgres' }),
      await provider.operations.get(
        {},
        decodeHandle(`coolify:main:deployment:${shop.uuid}:${shop.deployments[0]!.uuid}`),
      ),
    ];
    const text = JSON.stringify(results);
    expect(text.length).toBeGreaterThan(1000);
    for (const canary of Object.values(COOLIFY_CANARIES)) expect(text).not.toContain(canary);
  });
});

describe('Coolify simulator fidelity', () => {
  async function call(
    baseUrl: string,
    method: string,
    path: string,
    init: { token?: string; body?: unknown } = {},
  ) {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return {
      status: response.status,
      headers: response.headers,
      body: await response.json().catch(() => null),
    };
  }

  it('demands a bearer token', async () => {
    const { baseUrl } = await setup();
    expect(await call(baseUrl, 'GET', '/servers')).toMatchObject({
      status: 401,
      body: { message: 'Unauthenticated.' },
    });
  });

  it('answers the pre-4.3 GET forms of actions with 405 and unknown routes with 404', async () => {
    const { baseUrl, sim } = await setup();
    for (const path of [`/applications/${shop.uuid}/restart`, '/deploy', `/services/${umami.uuid}/start`]) {
      const response = await call(baseUrl, 'GET', path, { token: sim.token });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      expect(response.body).toEqual({ message: 'This endpoint has changed to a POST request.' });
    }
    expect(await call(baseUrl, 'DELETE', '/deploy', { token: sim.token })).toMatchObject({ status: 405 });
    expect(await call(baseUrl, 'GET', '/nope', { token: sim.token })).toMatchObject({
      status: 404,
      body: { message: 'The route api/v1/nope could not be found.' },
    });
  });

  it('validates writes in Coolify’s 422 shape and rejects fields it does not allow', async () => {
    const { baseUrl, sim } = await setup();
    const response = await call(baseUrl, 'POST', '/servers', {
      token: sim.token,
      body: { name: 'x', private_key_uuid: COOLIFY_SEED.keys[0]!.uuid, color: 'red' },
    });
    expect(response.status).toBe(422);
    expect(response.body).toEqual({
      message: 'Validation failed.',
      errors: { color: ['This field is not allowed.'], ip: ['The ip field is required.'] },
    });
    const dockerfile = await call(baseUrl, 'POST', '/applications/dockerfile', {
      token: sim.token,
      body: {
        project_uuid: COOLIFY_SEED.project.uuid,
        server_uuid: localhost.uuid,
        environment_name: 'production',
        dockerfile: 'FROM nginx',
      },
    });
    expect(dockerfile).toMatchObject({
      status: 422,
      body: { errors: { dockerfile: 'The dockerfile should be base64 encoded.' } },
    });
  });

  it('answers a domain clash with 409 and the conflicting resource', async () => {
    const { baseUrl, sim } = await setup();
    const response = await call(baseUrl, 'PATCH', `/applications/${blog.uuid}`, {
      token: sim.token,
      body: { domains: 'https://shop.acme.test' },
    });
    expect(response.status).toBe(409);
    expect((response.body as { conflicts: unknown[] }).conflicts[0]).toMatchObject({
      domain: 'shop.acme.test',
      resource_name: 'acme-shop',
    });
  });

  it('hides secrets from tokens without read:sensitive', async () => {
    const { baseUrl, sim } = await setup({ abilities: ['read'] });
    const keys = await call(baseUrl, 'GET', '/security/keys', { token: sim.token });
    expect(JSON.stringify(keys.body)).not.toContain(COOLIFY_CANARIES.privateKey);
    const deployment = await call(baseUrl, 'GET', `/deployments/${shop.deployments[1]!.uuid}`, {
      token: sim.token,
    });
    expect(deployment.body).not.toHaveProperty('logs');
  });
});
