import type { JsonSchemaType, jsonSchemaValidator } from '@modelcontextprotocol/server';

/**
 * The JSON Schema validator the SDK checks a person's elicitation answer with. The only schema
 * this server asks with is a yes/no, so the validator (Ajv: a tenth of the bundle) is loaded when
 * the first question is about to be asked, not at every start; in the bundle it is a file of its
 * own (dist/ajv.cjs, see scripts/build.mjs). One instance serves the process: an HTTP server
 * builds an MCP server per request, and each must not build its own.
 */
let ajv: jsonSchemaValidator | undefined;

/** Loads the validator; call before asking a question (elicitation) for the first time. */
export async function loadJsonValidator(): Promise<void> {
  if (ajv) return;
  const { AjvJsonSchemaValidator } = await import('./ajv-validator.js');
  ajv ??= new AjvJsonSchemaValidator();
}

export const jsonValidator: jsonSchemaValidator = {
  getValidator<T>(schema: JsonSchemaType) {
    if (!ajv) throw new Error('JSON Schema validator used before loadJsonValidator()');
    return ajv.getValidator<T>(schema);
  },
};
