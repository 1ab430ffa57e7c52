import type { CatalogOperation } from '../providers/kit/catalog.js';
import type { SimRequest, SimResponse } from './sim-server.js';

/**
 * Answers the operations no behaviour overlay covers, from the document alone: a POST to a
 * collection creates an item, GET lists or reads, PUT/PATCH update, DELETE removes — so a later
 * read sees the write. Bodies are the document's own examples (or samples of its schemas) with
 * the stored fields and ids written in, in the envelope the sample uses.
 */
export class ResourceStore {
  private readonly items = new Map<string, Record<string, unknown>>();
  private readonly deleted = new Set<string>();
  private nextId = 90_000;

  constructor(
    private readonly samples: Record<string, unknown>,
    /** True when `path` (a template) has an item below it: `path/{id}`. */
    private readonly isCollection: (method: string, template: string) => boolean,
  ) {}

  handle(op: CatalogOperation, req: SimRequest): SimResponse {
    const key = req.path.replace(/\/+$/, '');
    const sample = structuredClone(this.samples[op.id]);
    const respond = (body: unknown): SimResponse =>
      op.success === 204 || body === undefined ? { status: op.success } : { status: op.success, body };
    switch (op.method) {
      case 'GET': {
        if (this.deleted.has(key)) return { status: 404, body: { message: 'Not found.' } };
        const stored = this.items.get(key);
        if (stored) return respond(wrapLike(sample, stored));
        const children = [...this.items.entries()]
          .filter(([path]) => parentOf(path) === key && !this.deleted.has(path))
          .map(([, item]) => item);
        return respond(children.length ? appendToList(sample, children) : withPathId(sample, req));
      }
      case 'POST': {
        if (!this.isCollection('POST', op.path)) return respond(sample);
        const id = String(this.nextId++);
        const item = { ...resourceOf(sample), ...fields(req.body) };
        setId(item, id);
        this.items.set(`${key}/${id}`, item);
        return respond(wrapLike(sample, item));
      }
      case 'PUT':
      case 'PATCH': {
        if (this.deleted.has(key)) return { status: 404, body: { message: 'Not found.' } };
        const item = { ...(this.items.get(key) ?? resourceOf(withPathId(sample, req))), ...fields(req.body) };
        this.items.set(key, item);
        return respond(wrapLike(sample, item));
      }
      case 'DELETE': {
        if (this.deleted.has(key)) return { status: 404, body: { message: 'Not found.' } };
        this.items.delete(key);
        this.deleted.add(key);
        return respond(sample);
      }
      default:
        return respond(sample);
    }
  }
}

function parentOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/'));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value);
}

/** The request body's fields (JSON:API bodies keep them under data.attributes). */
function fields(body: unknown): Record<string, unknown> {
  if (!isObject(body)) return {};
  if (isObject(body.data) && isObject(body.data.attributes)) return body.data.attributes;
  return body;
}

/** The resource inside an envelope: `data.attributes` (JSON:API), `data`, or the body itself. */
function resourceOf(sample: unknown): Record<string, unknown> {
  if (!isObject(sample)) return {};
  const data = sample.data;
  if (isObject(data)) {
    return isObject(data.attributes) ? { ...data.attributes, id: data.id } : { ...data };
  }
  return { ...sample };
}

/** An item in the shape of one of the sample's: JSON:API items keep their attributes apart. */
function shapeLike(shape: unknown, item: Record<string, unknown>): Record<string, unknown> {
  if (!isObject(shape) || !isObject(shape.attributes)) return item;
  const { id, ...attributes } = item;
  return { ...shape, id: id ?? shape.id, attributes };
}

/** Puts an item back into the sample's envelope. */
function wrapLike(sample: unknown, item: Record<string, unknown>): unknown {
  if (isObject(sample) && isObject(sample.data)) return { ...sample, data: shapeLike(sample.data, item) };
  return item;
}

/** A list sample with the stored children added to the list it carries (the body, or its first array). */
function appendToList(sample: unknown, children: Record<string, unknown>[]): unknown {
  if (Array.isArray(sample)) return [...sample, ...children.map((child) => shapeLike(sample[0], child))];
  if (!isObject(sample)) return sample;
  const key = Object.keys(sample).find((name) => Array.isArray(sample[name]));
  if (!key) return sample;
  const list = sample[key] as unknown[];
  return { ...sample, [key]: [...list, ...children.map((child) => shapeLike(list[0], child))] };
}

function setId(item: Record<string, unknown>, id: string): void {
  const numeric = typeof item.id === 'number';
  if ('uuid' in item && !('id' in item)) item.uuid = id;
  else item.id = numeric ? Number(id) : id;
}

/** A read of one item answers with the id that was asked for. */
function withPathId(sample: unknown, req: SimRequest): unknown {
  const ids = Object.values(req.params);
  const last = ids[ids.length - 1];
  if (last === undefined || !isObject(sample)) return sample;
  if (isObject(sample.data) && 'id' in sample.data) {
    return { ...sample, data: { ...sample.data, id: coerceLike(sample.data.id, last) } };
  }
  if ('uuid' in sample) return { ...sample, uuid: last };
  if ('id' in sample && !Array.isArray(sample)) return { ...sample, id: coerceLike(sample.id, last) };
  return sample;
}

function coerceLike(example: unknown, value: string): unknown {
  return typeof example === 'number' && /^\d+$/.test(value) ? Number(value) : value;
}
