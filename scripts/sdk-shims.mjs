// Bundle-time stand-in for @modelcontextprotocol/server's runtime shims (see scripts/build.mjs):
// the SDK's default JSON Schema validator would pull Ajv into every start. hosting-mcp always
// passes its own validator (src/json-validator.ts, which loads Ajv when a question is asked), so
// the default is never built; if it ever were, this says so instead of validating nothing.
export { default as process } from 'node:process';

export class DefaultJsonSchemaValidator {
  constructor() {
    throw new Error('hosting-mcp passes its own JSON Schema validator (src/json-validator.ts)');
  }
}
