import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The SDK's core Streamable HTTP transport speaks web-standard Request/Response. Its Node wrapper
 * converts through a general-purpose adapter that flushes headers on their own and builds a full
 * Request per call; at one transport per request that was a large share of the per-call cost.
 * These two functions do only what a POST with an already parsed body needs.
 */

/** Quick calls answer well within this, so their headers go out with the answer. */
const HEADERS_FLUSH_MS = 25;

/**
 * Method, URL and headers of a Node request as a web Request (the body was read already).
 * `signal` tells the SDK when the client is gone, so it can stop what it runs for the request.
 */
export function toWebRequest(req: IncomingMessage, origin: string, signal?: AbortSignal): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  return new Request(new URL(req.url ?? '/', origin), { method: req.method, headers, signal });
}

/**
 * Streams a web Response onto a Node response. Writes within one tick are corked together, so a
 * call answered at once goes out as a single packet (headers, event, end), while the headers and
 * progress events of a long call still leave as they come. If the client goes away, the body
 * stream is cancelled, which tells the transport to forget the request.
 */
export async function writeWebResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  const cancel = () => void reader.cancel().catch(() => undefined);
  res.once('close', cancel);
  // A call that is still silent after a moment (a long wait without progress) gets its headers
  // now, so the client and any proxy see the stream open instead of a request with no answer.
  const flush = setTimeout(() => {
    if (!res.destroyed) res.flushHeaders();
  }, HEADERS_FLUSH_MS);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      clearTimeout(flush);
      if (done || res.destroyed) break;
      if (!res.writableCorked) {
        res.cork();
        process.nextTick(() => res.uncork());
      }
      res.write(value);
    }
  } finally {
    clearTimeout(flush);
    res.off('close', cancel);
    res.end();
  }
}
