import type { IncomingMessage } from 'node:http';

export type BodyResult =
  | { kind: 'ok'; value: unknown }
  | { kind: 'too_large' }
  | { kind: 'invalid_json' }
  | { kind: 'aborted' };

/**
 * Reads and parses a JSON request body, keeping at most `maxBytes`: an oversized upload costs no
 * more memory than that. A declared Content-Length over the limit is refused before a byte is
 * read. Past the limit the rest is read and dropped rather than the socket being cut, so the
 * client (still sending) gets to read the 413 instead of a connection reset.
 */
export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return Promise.resolve({ kind: 'too_large' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const settle = (result: BodyResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      received += chunk.length;
      if (received > maxBytes) {
        chunks.length = 0;
        settle({ kind: 'too_large' });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        settle({ kind: 'ok', value: JSON.parse(Buffer.concat(chunks, received).toString('utf8')) });
      } catch {
        settle({ kind: 'invalid_json' });
      }
    });
    req.on('error', () => settle({ kind: 'aborted' }));
    req.on('close', () => settle({ kind: 'aborted' }));
  });
}
