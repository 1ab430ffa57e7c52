import type { CatalogData, LeanSchema } from '../kit/catalog.js';
import { type CoolifyOperationId, coolifyCatalog } from './catalog.gen.js';

/**
 * Coolify's catalog with the one rule its document states in words but not in its schemas: the
 * create bodies mark both `environment_name` and `environment_uuid` required, while each field's
 * own description (and the API) asks for at least one of them. The client and the simulator
 * validate with this catalog, so neither refuses a body Coolify accepts.
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

export const coolifyApiCatalog: CatalogData<CoolifyOperationId> = {
  ...coolifyCatalog,
  operations: Object.fromEntries(
    Object.entries(coolifyCatalog.operations).map(([id, op]) => [
      id,
      op.body ? { ...op, body: { ...op.body, schema: eitherEnvironment(op.body.schema) } } : op,
    ]),
  ) as CatalogData<CoolifyOperationId>['operations'],
};
