import type { Redactor } from './redact.js';

/**
 * JSON lines on stderr. Stdout belongs to the MCP protocol in stdio mode, so nothing in src/ writes
 * there. Every line passes through the redactor, and long strings (raw provider bodies) are cut.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
const MAX_FIELD_CHARS = 2_000;

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level: LogLevel;
  redactor: Redactor;
  /** Where lines go; stderr unless a test captures them. */
  write?: (line: string) => void;
}

export function createLogger(options: LoggerOptions, base: Record<string, unknown> = {}): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const threshold = ORDER[options.level];
  const emit = (level: Exclude<LogLevel, 'silent'>, message: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < threshold) return;
    // Redacted while still structured (a provider's error body is an object here, not yet a JSON
    // string whose escapes would hide KEY=value lines from the patterns), then cut to size.
    const record = options.redactor.value({
      time: new Date().toISOString(),
      level,
      msg: message,
      ...base,
      ...fields,
    });
    write(`${escapeInvisible(JSON.stringify(capFields(record)))}\n`);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger(options, { ...base, ...fields }),
  };
}

/** Long strings are cut, and so are large objects, as their JSON. */
function capFields(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    const text =
      typeof value === 'string' ? value : value && typeof value === 'object' ? JSON.stringify(value) : '';
    out[key] =
      text.length > MAX_FIELD_CHARS ? `${text.slice(0, MAX_FIELD_CHARS)}… (${text.length} chars)` : value;
  }
  return out;
}

/**
 * JSON escapes C0 controls but not C1 controls (U+009B starts a terminal escape too), bidi
 * overrides or line separators: those are escaped here, so a log line read in a terminal shows
 * what a provider sent instead of acting on it. The line stays valid JSON with the same content.
 */
const INVISIBLE =
  /[\u007f-\u009f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

function escapeInvisible(line: string): string {
  return line.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
