import { describe, expect, it } from 'vitest';
import { refuse } from '../../../src/transport/message-guard.js';

const call = (id: number | string, args: unknown) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name: 'list_servers', arguments: args },
});

describe('message guard', () => {
  it('lets ordinary messages through', () => {
    expect(refuse(call(1, { limit: 5 }), { batches: false })).toBeUndefined();
    expect(refuse(call(1, undefined), { batches: false })).toBeUndefined();
    expect(
      refuse({ jsonrpc: '2.0', method: 'notifications/initialized' }, { batches: false }),
    ).toBeUndefined();
    expect(refuse({ jsonrpc: '2.0', id: 3, result: {} }, { batches: false })).toBeUndefined();
    expect(refuse([call(1, {}), call(2, {})], { batches: true })).toBeUndefined();
  });

  it('answers non-object arguments as invalid params, in one sentence', () => {
    for (const [args, kind] of [
      ['x', 'a string'],
      [[1], 'an array'],
      [null, 'null'],
      [7, 'a number'],
    ] as const) {
      expect(refuse(call(4, args), { batches: false })).toEqual([
        {
          jsonrpc: '2.0',
          id: 4,
          error: {
            code: -32602,
            message: `Invalid params: tools/call \`arguments\` must be an object (of argument names and values), not ${kind}.`,
          },
        },
      ]);
    }
    expect(
      refuse({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: 'x' }, { batches: false })?.[0]?.error
        .code,
    ).toBe(-32602);
  });

  it('refuses a whole batch in which two requests share an id, answering each id once', () => {
    const refused = refuse([call(1, {}), call(1, { limit: 2 }), call(2, {})], { batches: true });
    expect(refused?.map((r) => r.id)).toEqual([1, 2]);
    for (const r of refused!) {
      expect(r.error).toMatchObject({
        code: -32600,
        message: expect.stringMatching(/share the id 1[\s\S]*nothing in the batch was run/),
      });
    }
  });

  it('refuses a batch with one bad message, saying which and why', () => {
    const refused = refuse([call(1, {}), call(2, 'x')], { batches: true });
    expect(refused).toEqual([
      {
        jsonrpc: '2.0',
        id: 1,
        error: { code: -32600, message: 'Not run: another message in this batch is invalid.' },
      },
      expect.objectContaining({ id: 2, error: expect.objectContaining({ code: -32602 }) }),
    ]);
  });

  it('refuses batches where they are not supported, and empty ones', () => {
    expect(refuse([call(1, {})], { batches: false })?.[0]).toMatchObject({ id: 1, error: { code: -32600 } });
    expect(refuse([], { batches: true })).toEqual([
      { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Request: an empty batch.' } },
    ]);
    expect(refuse({ id: 1, method: 'ping' }, { batches: false })?.[0]?.error.code).toBe(-32600);
  });
});
