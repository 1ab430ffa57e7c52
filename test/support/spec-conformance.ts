// biome-ignore-all lint/suspicious/noExplicitAny: an OpenAPI document is untyped JSON walked by pointer.
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import type { SimExchange } from '../../src/simulator/sim-server.js';

/**
 * Checks what the client sent and what a simulator answered against the provider's own document
 * in specs/, with an independent validator (Ajv on the full document, not the catalog's lean
 * schemas). A violation fails unless a known quirk of the document allows it: each quirk names the
 * operation, the field and the exact value it allows, and says why.
 */

export interface SpecQuirk {
  provider: string;
  /** Operation id, or undefined for every operation. */
  operation?: string;
  where: 'request' | 'response';
  /** The field, as Ajv's instancePath (JSON pointer), matched exactly or by pattern. */
  field: string | RegExp;
  /** The value the document does not allow but the real API sends. */
  value: (value: unknown) => boolean;
  why: string;
}

const SPECS: Record<string, string> = {
  forge: 'specs/forge.openapi.json',
  serverpilot: 'specs/serverpilot.openapi.yaml',
  coolify: 'specs/coolify.openapi.yaml',
  panelalpha: 'specs/panelalpha.openapi.yaml',
  platformsh: 'specs/platformsh.openapi.json',
};

interface Located {
  id: string;
  op: Record<string, unknown>;
}

export class SpecConformance {
  private readonly doc: Record<string, any>;
  private readonly ajv: Ajv;
  private readonly routes: Array<{ method: string; regex: RegExp; path: string }>;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly provider: string) {
    const file = SPECS[provider]!;
    const text = readFileSync(file, 'utf8');
    this.doc = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: -1 });
    const options = { strict: false, allErrors: true, validateFormats: false } as const;
    this.ajv = String(this.doc.openapi).startsWith('3.1') ? new Ajv2020(options) : new Ajv(options);
    this.ajv.addSchema({ components: this.doc.components ?? {} }, 'spec');
    this.routes = Object.keys(this.doc.paths).flatMap((path) =>
      Object.keys(this.doc.paths[path])
        .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map((method) => ({
          method: method.toUpperCase(),
          path,
          regex: new RegExp(
            `^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}/?$`,
          ),
        })),
    );
    // Literal segments before parameters, as a router matches them.
    this.routes.sort(
      (a, b) => b.path.replace(/\{[^}]+\}/g, '').length - a.path.replace(/\{[^}]+\}/g, '').length,
    );
  }

  /** Every violation of the document in these exchanges that no quirk allows. */
  violations(exchanges: readonly SimExchange[], quirks: readonly SpecQuirk[]): string[] {
    const out = new Set<string>();
    for (const exchange of exchanges) {
      if (exchange.undocumented) continue;
      const located = this.locate(exchange);
      if (!located) {
        out.add(`${exchange.method} ${exchange.path}: not a documented operation`);
        continue;
      }
      const checks: Array<['request' | 'response', unknown, unknown]> = [];
      const requestSchema = this.requestSchema(located.op);
      if (requestSchema && exchange.requestBody !== undefined) {
        checks.push(['request', requestSchema, exchange.requestBody]);
      }
      const responseSchema = this.responseSchema(located.op, exchange.status);
      if (responseSchema === null) {
        out.add(`${located.id}: answered ${exchange.status}, a status the document does not list`);
      } else if (responseSchema && typeof exchange.responseBody === 'object') {
        checks.push(['response', responseSchema, exchange.responseBody]);
      }
      for (const [where, schema, value] of checks) {
        const validate = this.compile(`${located.id}:${where}:${exchange.status}`, schema);
        if (validate(value)) continue;
        for (const error of validate.errors ?? []) {
          const field = error.instancePath;
          const actual = pointer(value, field);
          const allowed = quirks.some(
            (quirk) =>
              quirk.provider === this.provider &&
              (quirk.operation === undefined || quirk.operation === located.id) &&
              quirk.where === where &&
              (typeof quirk.field === 'string' ? quirk.field === field : quirk.field.test(field)) &&
              quirk.value(actual),
          );
          if (!allowed) {
            out.add(
              `${located.id} ${where} ${field || '(root)'} ${error.message} (got ${JSON.stringify(actual)?.slice(0, 80)})`,
            );
          }
        }
      }
    }
    return [...out];
  }

  private locate(exchange: SimExchange): Located | undefined {
    const path = exchange.path.split('?')[0]!;
    const route = this.routes.find((r) => r.method === exchange.method && r.regex.test(path));
    if (!route) return undefined;
    const op = this.doc.paths[route.path][route.method.toLowerCase()];
    return { id: op.operationId, op };
  }

  private deref(node: any): any {
    let current = node;
    while (current?.$ref) {
      current = current.$ref
        .replace(/^#\//, '')
        .split('/')
        .reduce(
          (value: any, key: string) => value?.[key.replaceAll('~1', '/').replaceAll('~0', '~')],
          this.doc,
        );
    }
    return current;
  }

  private requestSchema(op: any): unknown {
    const content = this.deref(op.requestBody)?.content ?? {};
    const type = Object.keys(content).find((t) => t.includes('json'));
    return type ? content[type].schema : undefined;
  }

  /** The schema of a JSON answer; undefined when the document gives none; null when the status is not listed. */
  private responseSchema(op: any, status: number): unknown {
    const response = this.deref(
      op.responses?.[String(status)] ?? op.responses?.[`${String(status)[0]}XX`] ?? op.responses?.default,
    );
    if (!response) return null;
    const content = response.content ?? {};
    const type = Object.keys(content).find((t) => t.includes('json'));
    return type ? content[type].schema : undefined;
  }

  private compile(key: string, schema: unknown): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(rebase(structuredClone(schema)) as object);
      this.compiled.set(key, validate);
    }
    return validate;
  }
}

/** Points the document's local references at the registered document. */
function rebase(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebase);
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [
        key,
        key === '$ref' && typeof value === 'string' && value.startsWith('#/')
          ? `spec${value}`
          : rebase(value),
      ]),
    );
  }
  return node;
}

function pointer(value: unknown, path: string): unknown {
  return path
    .split('/')
    .slice(1)
    .reduce<unknown>(
      (current, key) =>
        current && typeof current === 'object'
          ? (current as Record<string, unknown>)[key.replaceAll('~1', '/').replaceAll('~0', '~')]
          : undefined,
      value,
    );
}
