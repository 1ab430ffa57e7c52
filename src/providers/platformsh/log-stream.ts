/**
 * An activity's streaming log (`_links.log.href`): one JSON object per line, `{data: {message}}`
 * items, and a final `{seal: true}` line once the activity has finished writing.
 */
export interface ActivityLog {
  text: string;
  /** True once the stream's seal line arrived (the log is final). */
  sealed: boolean;
}

export function parseLogStream(body: string): ActivityLog {
  const messages: string[] = [];
  let sealed = false;
  for (const line of body.split('\n')) {
    if (line.trim() === '') continue;
    let item: unknown;
    try {
      item = JSON.parse(line);
    } catch {
      // A cut-off last line (stream closed mid-write) is skipped, not fatal.
      continue;
    }
    if (!item || typeof item !== 'object') continue;
    const record = item as { seal?: unknown; data?: { message?: unknown } };
    if (record.seal) sealed = true;
    if (typeof record.data?.message === 'string') messages.push(record.data.message);
  }
  // Messages carry their own newlines; joining them rebuilds the log text as it was written.
  return { text: messages.join(''), sealed };
}
