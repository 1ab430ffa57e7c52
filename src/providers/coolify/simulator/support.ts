export { asObject, pseudoRandom as randomish } from '../../../simulator/values.js';

import type { SimRequest, SimResponse } from '../../../simulator/sim-server.js';

/**
 * Pieces of the Coolify simulator that hold no state: Coolify's response shapes and validation
 * helpers, the deployment log scripts, and stable ids.
 */

export interface LogLine {
  output: string;
  type: 'stdout' | 'stderr';
  hidden: boolean;
  /** Fraction of the run after which the line appears. */
  at: number;
}

/** What a deployment script needs to know about the application. */
export interface ScriptApp {
  uuid: string;
  name: string;
  kind: 'public' | 'dockerfile' | 'dockerimage';
  buildPack: string;
  gitRepository: string;
  gitBranch: string;
  imageName: string | null;
  imageTag: string | null;
}

export interface ScriptDeployment {
  id: number;
  uuid: string;
  commit: string;
  fails: boolean;
  force: boolean;
  restartOnly: boolean;
}

/** The lines Coolify's deployment job writes, each appearing at a fraction of the run. */
export function deployScript(
  app: ScriptApp,
  d: ScriptDeployment,
  server: string,
  seeded: string[] | null,
): LogLine[] {
  const line = (at: number, output: string, type: LogLine['type'] = 'stdout', hidden = false): LogLine => ({
    at,
    output,
    type,
    hidden,
  });
  if (seeded) return seeded.map((output, i) => line((i + 1) / (seeded.length + 1), output));
  const head = [
    line(0, `Starting deployment of ${app.name} to ${server}.`),
    line(0.02, `docker rm -f ${d.uuid} >/dev/null 2>&1`, 'stdout', true),
    line(0.05, 'Preparing container with helper image: ghcr.io/coollabsio/coolify-helper:1.0.12'),
  ];
  if (d.restartOnly) {
    return [
      ...head,
      line(0.3, 'Restart requested: reusing the current image, regenerating the container configuration.'),
      line(0.5, 'Rolling update started.'),
      line(0.8, `New container ${app.uuid}-${d.id} is healthy.`),
      ...(d.fails
        ? [
            line(0.95, 'Container exited with code 1 before becoming healthy.', 'stderr'),
            line(1, 'Restart failed.', 'stderr'),
          ]
        : [line(0.9, 'Removing old containers.'), line(1, 'Rolling update completed.')]),
    ];
  }
  const source =
    app.kind === 'public'
      ? [
          line(
            0.1,
            `Importing ${app.gitRepository}:${app.gitBranch} (commit sha ${d.commit.slice(0, 7)}) to /artifacts/${d.uuid}.`,
          ),
          line(
            0.15,
            `git clone -b ${app.gitBranch} ${app.gitRepository} /artifacts/${d.uuid}`,
            'stdout',
            true,
          ),
          line(0.2, `Generating ${app.buildPack} configuration.`),
        ]
      : app.kind === 'dockerfile'
        ? [line(0.1, 'Using the Dockerfile stored with the application.')]
        : [line(0.1, `Pulling image ${app.imageName}:${app.imageTag ?? 'latest'}.`)];
  const build =
    app.kind === 'dockerimage'
      ? [
          line(0.5, `${app.imageTag ?? 'latest'}: Pulling from ${app.imageName}`),
          line(0.6, 'Status: Downloaded newer image'),
        ]
      : [
          line(0.3, `Building docker image started${d.force ? ' (no cache)' : ''}.`),
          line(0.45, '#8 [stage-0 5/9] RUN npm ci'),
          ...(d.fails
            ? [
                line(0.6, '#11 [stage-0 8/9] RUN npm run build'),
                line(
                  0.62,
                  'error TS2307: Cannot find module "./charts" or its corresponding type declarations.',
                  'stderr',
                ),
                line(
                  0.64,
                  '#11 ERROR: process "/bin/bash -ol pipefail -c npm run build" did not complete successfully: exit code: 2',
                  'stderr',
                ),
                line(1, 'Deployment failed. Removing the new version of your application.', 'stderr'),
              ]
            : [
                line(0.6, '#11 [stage-0 8/9] RUN npm run build'),
                line(0.7, 'Building docker image completed.'),
              ]),
        ];
  if (d.fails && app.kind !== 'dockerimage') return [...head, ...source, ...build];
  if (d.fails) {
    return [
      ...head,
      ...source,
      line(
        0.5,
        `Error response from daemon: manifest for ${app.imageName}:${app.imageTag} not found`,
        'stderr',
      ),
      line(1, 'Deployment failed.', 'stderr'),
    ];
  }
  return [
    ...head,
    ...source,
    ...build,
    line(0.8, 'Rolling update started.'),
    line(0.9, `New container started: ${app.uuid}-${d.id}.`),
    line(1, 'Rolling update completed.'),
  ];
}

// ---- responses and validation -------------------------------------------------------------------

export function ok(body: unknown): SimResponse {
  return { status: 200, body };
}

export function notFound(message: string): SimResponse {
  return { status: 404, body: { message } };
}

export function validation(errors: Record<string, string[] | string>): SimResponse {
  return { status: 422, body: { message: 'Validation failed.', errors } };
}

export function domainConflict(conflicts: Array<Record<string, unknown>>): SimResponse {
  return {
    status: 409,
    body: {
      message: 'Domain conflicts detected. Use force_domain_override=true to proceed.',
      conflicts,
      warning:
        'Using the same domain for multiple resources can cause routing conflicts and unpredictable behavior.',
    },
  };
}

/** validateIncomingRequest(): writes need a non-empty JSON object body. */
export function requireJson(req: SimRequest): SimResponse | undefined {
  if (!String(req.headers['content-type'] ?? '').includes('application/json')) {
    return {
      status: 400,
      body: { message: 'Invalid request.', error: 'Content-Type must be application/json.' },
    };
  }
  if (!req.body || typeof req.body !== 'object' || Object.keys(req.body).length === 0) {
    return { status: 400, body: { message: 'Invalid request.', error: 'Empty JSON.' } };
  }
  return undefined;
}

export function notAllowed(
  body: Record<string, unknown>,
  allowed: readonly string[],
): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const key of Object.keys(body))
    if (!allowed.includes(key)) add(errors, key, 'This field is not allowed.');
  return errors;
}

export function add(errors: Record<string, string[]>, field: string, message: string): void {
  const list = errors[field] ?? [];
  list.push(message);
  errors[field] = list;
}

export function invalidDomains(domains: string): string | null {
  for (const raw of domains.split(',')) {
    const value = raw.trim();
    if (!value) continue;
    if (!/^https?:\/\/[a-z0-9.-]+(:\d+)?(\/\S*)?$/i.test(value)) return `Invalid URL: ${value}`;
  }
  return null;
}

export function normalizeDomains(domains: string): string | null {
  const list = domains
    .split(',')
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);
  return list.length ? [...new Set(list)].join(',') : null;
}

export function decodeBase64(value: string): string | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return null;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  return decoded.includes('\uFFFD') ? null : decoded;
}

/** normalizeLogLines(): a positive integer, default 100. */
export function logLines(req: SimRequest): number | SimResponse {
  const raw = req.query.get('lines');
  if (raw === null) return 100;
  if (!/^\d+$/.test(raw) || Number(raw) < 1)
    return validation({ lines: ['The lines field must be at least 1.'] });
  return Number(raw);
}

/** "https://github.com/acme/shop.git" → "acme/shop", as Coolify names apps it generates. */
export function repositoryPath(repository: string): string {
  return repository
    .replace(/\.git$/, '')
    .split(/[/:]/)
    .slice(-2)
    .join('/');
}

export function isRunning(status: string): boolean {
  return status.startsWith('running');
}

export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '.000000Z');
}

/** Coolify's public ids are 24 lower-case alphanumerics; derive stable ones from a counter. */
export function publicId(n: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let h = 2166136261 ^ n;
  let out = '';
  for (let i = 0; out.length < 24; i++) {
    h = Math.imul(h ^ (n + i * 7919), 16777619) >>> 0;
    out += alphabet[h % alphabet.length];
  }
  return out;
}
