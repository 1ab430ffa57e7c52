// Ajv, apart: loaded by json-validator.ts only when a question is asked (a bundle of its own).
export { AjvJsonSchemaValidator } from '@modelcontextprotocol/server/validators/ajv';
