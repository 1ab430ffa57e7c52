import type { CatalogData, CatalogOperation } from '../providers/kit/catalog.js';
import type { SchemaIssue } from '../providers/kit/validate.js';
import { checkRequest, pickVariant } from './request-check.js';
import { ResourceStore } from './resource-store.js';
import type { SimErrors, SimRequest, SimResponse, SimRoute } from './sim-server.js';
import { SimServer } from './sim-server.js';

/**
 * The generic simulator of a documented API: every operation of the provider's catalog is routed;
 * credentials are checked; path, query, header and body are validated against the document and
 * refused in the vendor's own error shape; operations with hand-written behaviour go to the
 * provider's overlay, every other one to a resource store that answers from the document's
 * examples. An overlay route that is not a documented operation is a startup error, so the
 * simulator can never serve an API the document does not describe.
 */

export interface SpecErrors extends SimErrors {
  /** The vendor's answer to a request that fails its validation (some APIs word it by path). */
  validation(issues: SchemaIssue[], req: SimRequest): SimResponse;
}

/** A route the real service has outside its API document (e.g. an OAuth token endpoint). */
export interface ExtraRoute extends SimRoute {
  why: string;
}

export interface SpecServerOptions {
  name: string;
  catalog: CatalogData;
  /** A success body per operation id (generated from the document), made on first use. */
  samples: () => Record<string, unknown>;
  basePath?: string;
  authenticate(req: SimRequest): boolean;
  errors: SpecErrors;
  /** Hand-written behaviour, on the documented method and path (parameter names may differ). */
  overlay?: readonly SimRoute[];
  extra?: readonly ExtraRoute[];
}

const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}');

export function specServer(options: SpecServerOptions): SimServer {
  return new SimServer({
    name: options.name,
    basePath: options.basePath,
    routes: () => specRoutes(options),
    errors: options.errors,
    authenticate: options.authenticate,
  });
}

/** Every documented operation as a route; built on the simulator's first request. */
function specRoutes(options: SpecServerOptions): SimRoute[] {
  const { catalog } = options;
  const groups = new Map<string, CatalogOperation[]>();
  for (const op of Object.values(catalog.operations)) {
    const key = `${op.method} ${shape(op.path)}`;
    groups.set(key, [...(groups.get(key) ?? []), op]);
  }
  const overlay = new Map<string, SimRoute>();
  for (const route of options.overlay ?? []) {
    const key = `${route.method} ${shape(route.path)}`;
    if (!groups.has(key)) {
      throw new Error(
        `${options.name} simulator: ${route.method} ${route.path} is not a documented operation`,
      );
    }
    overlay.set(key, route);
  }
  const templates = new Set([...groups.values()].map((ops) => shape(ops[0]!.path)));
  const store = new ResourceStore(options.samples(), (_method, template) =>
    templates.has(`${shape(template)}/{}`),
  );

  const routes: SimRoute[] = [...groups.entries()].map(([key, ops]) => {
    const behaviour = overlay.get(key);
    return {
      method: ops[0]!.method,
      path: behaviour?.path ?? ops[0]!.path,
      handler: (req: SimRequest) => {
        const op = pickVariant(catalog, ops, req);
        const verdict = checkRequest(catalog, op, req);
        if (!verdict.ok)
          return 'notFound' in verdict
            ? options.errors.notFound(req)
            : options.errors.validation(verdict.issues, req);
        return behaviour ? behaviour.handler(req) : store.handle(op, req);
      },
    };
  });
  routes.push(...(options.extra ?? []));
  // Literal segments win over parameters: /envs/bulk before /envs/{env}.
  return routes.sort((a, b) => specificity(b.path) - specificity(a.path));
}

function specificity(path: string): number {
  const segments = path.split('/').filter(Boolean);
  return segments.reduce((score, segment) => score * 2 + (segment.startsWith('{') ? 0 : 1), 1);
}
