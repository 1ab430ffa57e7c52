import { type CatalogData, type CatalogOperation, type LeanSchema, lazyCatalog } from '../kit/catalog.js';
import { type CoolifyOperationId, coolifyCatalog } from './catalog.gen.js';

/**
 * Coolify's catalog as its API behaves, where the document's entries say less than the API (and
 * than the document itself elsewhere). The client and the simulator both use it, so neither
 * refuses a request Coolify accepts, and an answer Coolify gives counts as documented.
 */

/**
 * The create bodies mark both `environment_name` and `environment_uuid` required, while each
 * field's own description (and the API) asks for at least one of them.
 */
const EITHER = ['environment_name', 'environment_uuid'];

function eitherEnvironment(schema: LeanSchema): LeanSchema {
  const required = schema.required ?? [];
  if (!EITHER.every((name) => required.includes(name))) return schema;
  return {
    ...schema,
    required: required.filter((name) => !EITHER.includes(name)),
    anyOf: EITHER.map((name) => ({ required: [name] })),
  };
}

/**
 * Statuses Coolify 4.3.10 answers that these entries leave out (the document lists them for its
 * other operations): the application and database creates answer 404 for a project, environment
 * or server that does not exist, and the application creates 422 when their validator refuses the
 * body (create_application); the server's resources and domains, and an application's
 * deployments, answer 404 for an unknown uuid; creating an environment variable that exists
 * answers 409 ("Use PATCH request to update it"), and an application's env writes answer 422 when
 * their validator refuses an item, as the service and database ones are documented to.
 */
const create = [404, 422];
const UNLISTED: Partial<Record<CoolifyOperationId, readonly number[]>> = {
  'create-public-application': create,
  'create-private-github-app-application': create,
  'create-private-deploy-key-application': create,
  'create-dockerfile-application': create,
  'create-dockerimage-application': create,
  'create-database-postgresql': [404],
  'create-database-mysql': [404],
  'create-database-mariadb': [404],
  'create-database-mongodb': [404],
  'create-database-redis': [404],
  'create-database-keydb': [404],
  'create-database-dragonfly': [404],
  'create-database-clickhouse': [404],
  'get-resources-by-server-uuid': [404],
  'get-domains-by-server-uuid': [404],
  'list-deployments-by-app-uuid': [404],
  'create-env-by-application-uuid': [409, 422],
  'update-env-by-application-uuid': [422],
  'update-envs-by-application-uuid': [422],
  'create-env-by-service-uuid': [409],
  'create-env-by-database-uuid': [409],
};

function asTheApiBehaves(id: CoolifyOperationId, op: CatalogOperation): CatalogOperation {
  const unlisted = UNLISTED[id] ?? [];
  return {
    ...op,
    ...(op.body ? { body: { ...op.body, schema: eitherEnvironment(op.body.schema) } } : {}),
    ...(unlisted.length ? { statuses: [...new Set([...op.statuses, ...unlisted])] } : {}),
  };
}

export const coolifyApiCatalog: CatalogData<CoolifyOperationId> = lazyCatalog(() => ({
  ...coolifyCatalog,
  operations: Object.fromEntries(
    (Object.entries(coolifyCatalog.operations) as [CoolifyOperationId, CatalogOperation][]).map(
      ([id, op]) => [id, asTheApiBehaves(id, op)],
    ),
  ) as CatalogData<CoolifyOperationId>['operations'],
}));
