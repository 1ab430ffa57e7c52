import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script without type declarations.
import { generate } from '../../scripts/gen-dist.mjs';

const ROOT = join(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const pkg = JSON.parse(read('package.json'));
const server = JSON.parse(read('server.json'));
const schemaText = read('schemas/mcp-registry/server.schema.json');
// ajv-formats is CommonJS with its function on `default`.
const addFormats = (formats as unknown as { default: (ajv: Ajv) => void }).default;

describe('server.json (MCP Registry entry)', () => {
  it('is valid against the registry schema it names', () => {
    const schema = JSON.parse(schemaText);
    expect(server.$schema).toBe(schema.$id);
    // The vendored schema is byte for byte the published one.
    expect(createHash('sha256').update(schemaText).digest('hex')).toBe(
      '3fba09590c99f61735d234822279f4223fab9e300c0a81e81c91ab62a4114de0',
    );
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(server), JSON.stringify(validate.errors)).toBe(true);
    // The check can fail: a name without a namespace is refused.
    expect(validate({ ...server, name: 'hosting-mcp' })).toBe(false);
  });

  it('carries the package version and the name the npm package claims', () => {
    expect(server.version).toBe(pkg.version);
    expect(server.packages.map((p: { version: string }) => p.version)).toEqual([pkg.version]);
    expect(server.packages[0].identifier).toBe(pkg.name);
    expect(server.name).toBe(pkg.mcpName);
  });
});

describe('generated files', () => {
  it('README tables, server.json and the bundle manifest match the code (npm run gen)', async () => {
    const files: Record<string, string> = await generate();
    for (const [path, content] of Object.entries(files)) expect(read(path), path).toBe(content);
  });
});
