import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mergeProviderArgs } from '../../../src/tools/merge-args.js';

describe('mergeProviderArgs', () => {
  it('makes single-provider fields optional and drops their defaults', () => {
    const { shape, owners } = mergeProviderArgs([
      {
        provider: 'forge',
        shape: { type: z.enum(['app', 'web']).default('app').describe('Forge: server type.') },
      },
    ]);
    expect(shape.type!.safeParse(undefined)).toEqual({ success: true, data: undefined });
    expect(shape.type!.description).toBe('Forge: server type.');
    expect([...owners.get('type')!]).toEqual(['forge']);
  });

  it("never lets one provider's limits reject another provider's input", () => {
    const { shape, owners } = mergeProviderArgs([
      { provider: 'forge', shape: { name: z.string().max(30).describe('Server name.') } },
      { provider: 'serverpilot', shape: { name: z.string().max(255).describe('Server name.') } },
    ]);
    expect(shape.name!.safeParse('x'.repeat(100)).success).toBe(true);
    expect(shape.name!.safeParse(42).success).toBe(false);
    expect(shape.name!.description).toBe('Server name.');
    expect([...owners.get('name')!]).toEqual(['forge', 'serverpilot']);
  });

  it('unites enum values and widens differing base types', () => {
    const { shape } = mergeProviderArgs([
      { provider: 'forge', shape: { kind: z.enum(['a', 'b']).describe('Forge: kind.'), id: z.number() } },
      {
        provider: 'coolify',
        shape: { kind: z.enum(['b', 'c']).describe('Coolify: kind.'), id: z.string().uuid() },
      },
    ]);
    expect(shape.kind!.safeParse('c').success).toBe(true);
    expect(shape.kind!.safeParse('d').success).toBe(false);
    expect(shape.kind!.description).toBe('kind.');
    expect(shape.id!.safeParse(7).success).toBe(true);
    expect(shape.id!.safeParse('not-a-uuid').success).toBe(true);
  });

  it('keeps identical declarations as they are', () => {
    const field = z
      .string()
      .regex(/^php\d+$/)
      .describe('PHP version.');
    const { shape } = mergeProviderArgs([
      { provider: 'forge', shape: { php_version: field } },
      { provider: 'serverpilot', shape: { php_version: field } },
    ]);
    expect(shape.php_version!.safeParse('8.4').success).toBe(false);
    expect(shape.php_version!.safeParse('php84').success).toBe(true);
  });
});
