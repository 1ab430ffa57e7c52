import { describe, expect, it } from 'vitest';
import type { JsonRpcErrorReply } from '../../../src/transport/message-guard.js';
import { GuardedLines } from '../../../src/transport/stdio-lines.js';

/** Feeds chunks through the stream; returns the lines passed on and the replies sent. */
async function run(chunks: Array<string | Buffer>, maxLineBytes = 64) {
  const replies: JsonRpcErrorReply[] = [];
  const lines = new GuardedLines({ maxLineBytes, reply: (m) => replies.push(m) });
  const passed: string[] = [];
  lines.on('data', (chunk: Buffer) => passed.push(chunk.toString()));
  const done = new Promise((resolve) => lines.on('end', resolve));
  for (const chunk of chunks) lines.write(chunk);
  lines.end();
  await done;
  return { passed: passed.join(''), replies };
}

describe('GuardedLines', () => {
  it('passes whole lines on, however the chunks fall', async () => {
    const { passed, replies } = await run([
      '{"jsonrpc":"2.0","id":1,',
      '"method":"ping"}\n{"jsonrpc":"2.0",',
      '"id":2,"method":"ping"}\n',
    ]);
    expect(passed).toBe(
      '{"jsonrpc":"2.0","id":1,"method":"ping"}\n{"jsonrpc":"2.0","id":2,"method":"ping"}\n',
    );
    expect(replies).toEqual([]);
  });

  it('answers an oversized line with an error for its id, keeps none of it, and goes on', async () => {
    const big = `{"jsonrpc":"2.0","method":"tools/call","params":{"arguments":{"id":"inner","x":"${'a'.repeat(500)}"}},"id":"req-7"}\n`;
    const { passed, replies } = await run([
      big.slice(0, 30),
      big.slice(30, 200),
      big.slice(200),
      '{"jsonrpc":"2.0","id":8,"method":"ping"}\n',
    ]);
    expect(replies).toEqual([
      {
        jsonrpc: '2.0',
        id: 'req-7',
        error: {
          code: -32600,
          message: `Invalid Request: the message is ${big.length - 1} bytes; messages over 64 bytes are refused.`,
        },
      },
    ]);
    expect(passed).toBe('{"jsonrpc":"2.0","id":8,"method":"ping"}\n');
  });

  it('finds the id of an oversized message wherever it is, or answers with a null id', async () => {
    const first = await run([
      `{"id": 12 , "jsonrpc":"2.0","method":"ping","params":{"p":"${'b'.repeat(200)}"}}\n`,
    ]);
    expect(first.replies[0]?.id).toBe(12);
    const escaped = await run([
      `{"jsonrpc":"2.0","method":"x","params":{"q":"\\"id\\": 5 ${'c'.repeat(200)}"}}\n`,
    ]);
    expect(escaped.replies[0]?.id).toBeNull();
  });

  it('answers a line that is not JSON, and one that is a batch', async () => {
    const { passed, replies } = await run([
      'not json\n',
      '[{"jsonrpc":"2.0","id":3,"method":"ping"}]\n',
      '\n',
    ]);
    expect(passed).toBe('');
    expect(replies.map((r) => [r.id, r.error.code])).toEqual([
      [null, -32700],
      [3, -32600],
    ]);
  });

  it('passes on a last message that has no newline', async () => {
    expect((await run(['{"jsonrpc":"2.0","id":1,"method":"ping"}'])).passed).toBe(
      '{"jsonrpc":"2.0","id":1,"method":"ping"}\n',
    );
  });
});
