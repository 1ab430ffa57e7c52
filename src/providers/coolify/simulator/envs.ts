import type { SimRequest, SimResponse, SimRoute } from '../../../simulator/sim-server.js';
import type { SimContext } from './overlay.js';
import { add, asObject, iso, notFound, ok, publicId, requireJson, validation } from './support.js';

/** The kinds of resource with environment variables, as their API paths name them. */
export type EnvOwner = 'applications' | 'services' | 'databases';

interface SimEnv {
  id: number;
  uuid: string;
  key: string;
  value: string | null;
  isPreview: boolean;
  isBuildtime: boolean;
  isRuntime: boolean;
  isLiteral: boolean;
  isMultiline: boolean;
  isShownOnce: boolean;
  createdAt: number;
  updatedAt: number;
}

const FLAGS = [
  'is_preview',
  'is_literal',
  'is_multiline',
  'is_shown_once',
  'is_runtime',
  'is_buildtime',
] as const;

/**
 * Environment variables of applications, services and databases, as Coolify's env endpoints keep
 * them: one record per key and preview flag; the bulk endpoint creates or updates by key; a
 * regular variable created on an application gets a preview copy (EnvironmentVariable's created
 * hook); values reach only tokens that may read secrets (value and real_value).
 */
export class EnvStore {
  private readonly byOwner = new Map<string, SimEnv[]>();

  constructor(
    private readonly sim: SimContext,
    /** Whether a resource of this kind exists, and what Coolify answers when it does not. */
    private readonly owner: (kind: EnvOwner, uuid: string) => boolean,
  ) {}

  /** Seed variables of one resource. */
  seed(kind: EnvOwner, uuid: string, values: Record<string, string>, at: number): void {
    for (const [key, value] of Object.entries(values)) this.create(kind, uuid, { key, value }, at);
  }

  routes(): SimRoute[] {
    const { route } = this.sim;
    return (['applications', 'services', 'databases'] as const).flatMap((kind) => [
      route('GET', `/${kind}/{uuid}/envs`, 'read', (req) =>
        this.withOwner(kind, req, (list) => ok(list.map((env) => this.json(env)))),
      ),
      route('POST', `/${kind}/{uuid}/envs`, 'write', (req) =>
        this.withOwner(kind, req, () => this.createOne(kind, req)),
      ),
      route('PATCH', `/${kind}/{uuid}/envs`, 'write', (req) =>
        this.withOwner(kind, req, (list) => this.updateOne(list, req)),
      ),
      route('PATCH', `/${kind}/{uuid}/envs/bulk`, 'write', (req) =>
        this.withOwner(kind, req, () => this.bulk(kind, req)),
      ),
      route('DELETE', `/${kind}/{uuid}/envs/{env_uuid}`, 'write', (req) =>
        this.withOwner(kind, req, (list) => {
          const index = list.findIndex((env) => env.uuid === req.params.env_uuid);
          if (index < 0) return notFound('Environment variable not found.');
          list.splice(index, 1);
          return ok({ message: 'Environment variable deleted.' });
        }),
      ),
    ]);
  }

  private withOwner(kind: EnvOwner, req: SimRequest, handler: (list: SimEnv[]) => SimResponse): SimResponse {
    const uuid = req.params.uuid ?? '';
    if (!this.owner(kind, uuid)) return notFound(`${OWNER_NAMES[kind]} not found.`);
    return handler(this.list(uuid));
  }

  private list(uuid: string): SimEnv[] {
    let list = this.byOwner.get(uuid);
    if (!list) {
      list = [];
      this.byOwner.set(uuid, list);
    }
    return list;
  }

  private createOne(kind: EnvOwner, req: SimRequest): SimResponse {
    const invalid = requireJson(req) ?? this.invalidItem(asObject(req.body));
    if (invalid) return invalid;
    const body = asObject(req.body);
    const list = this.list(req.params.uuid ?? '');
    if (list.some((env) => env.key === body.key && env.isPreview === (body.is_preview === true))) {
      return {
        status: 409,
        body: { message: 'Environment variable already exists. Use PATCH request to update it.' },
      };
    }
    const env = this.create(kind, req.params.uuid ?? '', body, this.sim.clock.now());
    return { status: 201, body: { uuid: env.uuid } };
  }

  private updateOne(list: SimEnv[], req: SimRequest): SimResponse {
    const invalid = requireJson(req) ?? this.invalidItem(asObject(req.body));
    if (invalid) return invalid;
    const body = asObject(req.body);
    const env = list.find((e) => e.key === body.key && e.isPreview === (body.is_preview === true));
    if (!env) return notFound('Environment variable not found.');
    this.apply(env, body);
    return { status: 201, body: this.json(env) };
  }

  private bulk(kind: EnvOwner, req: SimRequest): SimResponse {
    const invalid = requireJson(req);
    if (invalid) return invalid;
    const data = asObject(req.body).data;
    if (!Array.isArray(data) || data.length === 0)
      return { status: 400, body: { message: 'Bulk data is required.' } };
    // Coolify validates each item as it goes; a bad one stops the rest.
    const changed: SimEnv[] = [];
    const uuid = req.params.uuid ?? '';
    for (const raw of data) {
      const item = asObject(raw);
      const invalidItem = this.invalidItem(item);
      if (invalidItem) return invalidItem;
      const preview = item.is_preview === true;
      const found = this.list(uuid).find((e) => e.key === item.key && e.isPreview === preview);
      if (found) this.apply(found, item);
      changed.push(found ?? this.create(kind, uuid, item, this.sim.clock.now()));
    }
    return { status: 201, body: changed.map((env) => this.json(env)) };
  }

  private invalidItem(item: Record<string, unknown>): SimResponse | undefined {
    const errors: Record<string, string[]> = {};
    if (typeof item.key !== 'string' || item.key.trim() === '')
      add(errors, 'key', 'The key field is required.');
    if (item.value !== undefined && item.value !== null && typeof item.value !== 'string')
      add(errors, 'value', 'The value field must be a string.');
    for (const flag of FLAGS)
      if (item[flag] !== undefined && typeof item[flag] !== 'boolean')
        add(errors, flag, `The ${flag} field must be true or false.`);
    return Object.keys(errors).length ? validation(errors) : undefined;
  }

  private create(kind: EnvOwner, uuid: string, item: Record<string, unknown>, at: number): SimEnv {
    const id = this.sim.nextId();
    const env: SimEnv = {
      id,
      uuid: publicId(id),
      key: String(item.key).trim().replace(/ /g, '_'),
      value: null,
      isPreview: false,
      isBuildtime: true,
      isRuntime: true,
      isLiteral: false,
      isMultiline: false,
      isShownOnce: false,
      createdAt: at,
      updatedAt: at,
    };
    this.apply(env, item, at);
    const list = this.list(uuid);
    list.push(env);
    if (kind === 'applications' && !env.isPreview && !list.some((e) => e.isPreview && e.key === env.key)) {
      const copy = { ...env, id: this.sim.nextId(), isPreview: true };
      copy.uuid = publicId(copy.id);
      list.push(copy);
    }
    return env;
  }

  private apply(env: SimEnv, item: Record<string, unknown>, at = this.sim.clock.now()): void {
    // Laravel turns an empty string into null before Coolify sees it.
    if ('value' in item) env.value = typeof item.value === 'string' && item.value !== '' ? item.value : null;
    if (typeof item.is_preview === 'boolean') env.isPreview = item.is_preview;
    if (typeof item.is_buildtime === 'boolean') env.isBuildtime = item.is_buildtime;
    if (typeof item.is_runtime === 'boolean') env.isRuntime = item.is_runtime;
    if (typeof item.is_literal === 'boolean') env.isLiteral = item.is_literal;
    if (typeof item.is_multiline === 'boolean') env.isMultiline = item.is_multiline;
    if (typeof item.is_shown_once === 'boolean') env.isShownOnce = item.is_shown_once;
    env.updatedAt = at;
  }

  private json(env: SimEnv) {
    return {
      uuid: env.uuid,
      key: env.key,
      ...(this.sim.sensitive() ? { value: env.value ?? '', real_value: env.value ?? '' } : {}),
      is_preview: env.isPreview,
      is_buildtime: env.isBuildtime,
      is_runtime: env.isRuntime,
      is_literal: env.isLiteral,
      is_multiline: env.isMultiline,
      is_shown_once: env.isShownOnce,
      is_shared: false,
      comment: null,
      version: '4.3.10',
      created_at: iso(env.createdAt),
      updated_at: iso(env.updatedAt),
    };
  }
}

const OWNER_NAMES: Record<EnvOwner, string> = {
  applications: 'Application',
  services: 'Service',
  databases: 'Database',
};
