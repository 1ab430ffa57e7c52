import { Transform, type TransformCallback } from 'node:stream';
import { errorReply, INVALID_REQUEST, type JsonRpcErrorReply, PARSE_ERROR, refuse } from './message-guard.js';

/**
 * Stdio carries one JSON-RPC message per line. This stream sits between stdin and the SDK's stdio
 * transport and passes on only lines that are whole, within `maxLineBytes`, valid JSON and not
 * refused by the message guard. Everything else is answered at once through `reply` and dropped,
 * and the server keeps serving: an oversized line used to overflow the transport's buffer, which
 * closed it and ended the server without a word.
 *
 * An oversized line is never held in memory: its bytes are scanned for the request's top-level
 * `id` as they stream past, so the error can still answer the request that caused it.
 */
export class GuardedLines extends Transform {
  private readonly pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Set while the current line is over the limit: its bytes are only scanned, not kept. */
  private oversized: IdScanner | undefined;
  private oversizedBytes = 0;

  constructor(
    private readonly options: { maxLineBytes: number; reply: (message: JsonRpcErrorReply) => void },
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(0x0a, start);
      const end = newline === -1 ? chunk.length : newline;
      this.keep(chunk.subarray(start, end));
      if (newline === -1) break;
      this.endLine();
      start = newline + 1;
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    // A last message without its newline still counts, as the client meant it.
    if (this.pendingBytes > 0 || this.oversized) this.endLine();
    done();
  }

  private keep(part: Buffer): void {
    if (part.length === 0) return;
    if (!this.oversized && this.pendingBytes + part.length <= this.options.maxLineBytes) {
      this.pending.push(part);
      this.pendingBytes += part.length;
      return;
    }
    if (!this.oversized) {
      this.oversized = new IdScanner();
      for (const kept of this.pending) this.oversized.feed(kept);
      this.oversizedBytes = this.pendingBytes;
      this.pending.length = 0;
      this.pendingBytes = 0;
    }
    this.oversized.feed(part);
    this.oversizedBytes += part.length;
  }

  private endLine(): void {
    if (this.oversized) {
      const id = this.oversized.id();
      const max = this.options.maxLineBytes;
      const limit = max % (1024 * 1024) === 0 ? `${max / 1024 / 1024} MiB` : `${max} bytes`;
      this.options.reply(
        errorReply(
          id ?? null,
          INVALID_REQUEST,
          `Invalid Request: the message is ${this.oversizedBytes.toLocaleString('en')} bytes; messages over ${limit} are refused.`,
        ),
      );
      this.oversized = undefined;
      this.oversizedBytes = 0;
      return;
    }
    const line = Buffer.concat(this.pending, this.pendingBytes).toString('utf8');
    this.pending.length = 0;
    this.pendingBytes = 0;
    if (line.trim() === '') return;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      this.options.reply(errorReply(null, PARSE_ERROR, 'Parse error: the line is not valid JSON.'));
      return;
    }
    const refusals = refuse(message, { batches: false });
    if (refusals) {
      for (const refusal of refusals) this.options.reply(refusal);
      return;
    }
    this.push(`${line}\n`);
  }
}

/** Longest id text kept while scanning (JSON-RPC ids are short). */
const MAX_ID_BYTES = 256;

/**
 * Finds the value of the top-level "id" key of a JSON object streamed past in chunks, keeping
 * only that value: depth, string and escape state, the current key's first bytes, and the id's
 * text. Structural characters are ASCII, so raw UTF-8 bytes can be scanned without decoding.
 */
class IdScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private expectKey = false;
  private readingKey = false;
  private key = '';
  private capturing = false;
  private captured = '';
  private found: string | undefined;

  feed(bytes: Buffer): void {
    for (const byte of bytes) this.step(byte);
  }

  id(): string | number | undefined {
    const text = (this.capturing ? this.captured : this.found)?.trim();
    if (!text) return undefined;
    try {
      const value: unknown = JSON.parse(text);
      return typeof value === 'string' || typeof value === 'number' ? value : undefined;
    } catch {
      return undefined;
    }
  }

  private step(byte: number): void {
    const char = String.fromCharCode(byte);
    if (this.capturing && this.captured.length < MAX_ID_BYTES) this.captured += char;
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (byte === 0x5c) this.escaped = true;
      else if (byte === 0x22) {
        this.inString = false;
        if (this.readingKey) this.readingKey = false;
      } else if (this.readingKey && this.key.length < 3) this.key += char;
      return;
    }
    switch (char) {
      case '"':
        this.inString = true;
        if (this.depth === 1 && this.expectKey) {
          this.readingKey = true;
          this.expectKey = false;
          this.key = '';
        }
        return;
      case '{':
      case '[':
        this.depth++;
        if (this.depth === 1 && char === '{') this.expectKey = true;
        return;
      case '}':
      case ']':
        if (this.depth === 1) this.endValue(true);
        this.depth--;
        return;
      case ',':
        if (this.depth === 1) {
          this.endValue(true);
          this.expectKey = true;
        }
        return;
      case ':':
        if (this.depth === 1 && this.key === 'id') {
          this.capturing = true;
          this.captured = '';
        }
        this.key = '';
        return;
    }
  }

  /** Ends the value being captured; `dropLast` removes the delimiter captured with it. */
  private endValue(dropLast: boolean): void {
    if (!this.capturing) return;
    this.found = dropLast ? this.captured.slice(0, -1) : this.captured;
    this.capturing = false;
  }
}
