import { describe, expect, it } from 'vitest';
import { certificateState, mapCertificate } from '../../../src/providers/forge/map-certificate.js';
import { deploymentOperation } from '../../../src/providers/forge/map-deployment.js';
import { mapServer } from '../../../src/providers/forge/map-server.js';
import * as v from '../../../src/providers/forge/schemas.js';
import { deploymentState, siteState } from '../../../src/providers/forge/states.js';

/** Fixtures built from the example values of forge-openapi-v2.json (components.schemas.*). */
const domain = v.domain.parse({
  id: '7',
  type: 'domainRecords',
  attributes: {
    name: 'forge.laravel.com',
    type: 'primary',
    status: 'enabled',
    www_redirect_type: 'from-www',
  },
});

describe('Forge mapping', () => {
  it('maps every DeploymentStatus of the spec to a state, never succeeded before "finished"', () => {
    const expected: Record<string, string> = {
      queued: 'pending',
      pending: 'pending',
      deploying: 'running',
      finished: 'succeeded',
      failed: 'failed',
      'failed-build': 'failed',
      cancelled: 'cancelled',
    };
    for (const [status, state] of Object.entries(expected))
      expect(deploymentState(status), status).toBe(state);
    expect(deploymentState('something-new')).toBe('running');
  });

  it('treats a site as installed only once Forge stops creating or installing it', () => {
    const statuses = [
      'installed',
      'creating',
      'removing',
      'installing',
      'uninstalling',
      'deployed',
      'never-deployed',
      'deploying',
      'failed',
      'maintenance',
    ];
    const running = statuses.filter((s) => siteState(s) === 'running');
    expect(running).toEqual(['creating', 'installing']);
    expect(siteState('failed')).toBe('failed');
  });

  it('reads the certificate example (request_status "creating", active) as still pending', () => {
    const cert = v.certificate.parse({
      id: '9',
      type: 'certificates',
      attributes: {
        type: 'letsencrypt',
        request_status: "'creating'",
        status: "'installed'",
        active: true,
        created_at: '2025-07-29T09:00:00Z',
        updated_at: '2025-07-30T09:00:00Z',
      },
    });
    expect(certificateState(cert)).toBe('running');
    expect(mapCertificate(domain, cert)).toMatchObject({
      id: '9',
      domain: 'forge.laravel.com',
      state: 'pending',
    });
    const created = v.certificate.parse({
      ...cert,
      attributes: { ...cert.attributes, request_status: 'created', status: 'installed' },
    });
    expect(mapCertificate(domain, created).state).toBe('active');
    const failed = v.certificate.parse({
      ...cert,
      attributes: { ...cert.attributes, status: 'failed-unknown' },
    });
    expect(certificateState(failed)).toBe('failed');
  });

  it('reports a provisioning server as not ready, with no IP yet', () => {
    const server = v.server.parse({
      id: '1',
      type: 'servers',
      attributes: {
        name: 'production-web-01',
        is_ready: false,
        ip_address: null,
        region: 'nyc3',
        size: 's-2vcpu-2gb',
        provider: 'ocean2',
        created_at: '2025-07-29T09:00:00Z',
      },
    });
    expect(mapServer(server)).toMatchObject({
      id: '1',
      status: 'provisioning',
      ready: false,
      ip_address: null,
      region: 'nyc3',
    });
  });

  it('builds a deployment operation whose id resumes it and whose end waits for the end', () => {
    const deployment = v.deployment.parse({
      id: '42',
      type: 'deployments',
      attributes: {
        status: 'deploying',
        started_at: '2025-07-29T09:00:00Z',
        ended_at: '2025-07-29T09:00:00Z',
        commit: { hash: 'abc', author: null, message: null, branch: 'main' },
      },
    });
    const op = deploymentOperation('main', '1', '2', deployment);
    expect(op).toMatchObject({
      id: 'forge:main:deployment:1:2:42',
      state: 'running',
      done: false,
      ended_at: null,
    });
  });
});
