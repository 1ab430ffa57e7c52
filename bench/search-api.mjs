// Bench part `searchApi`: search_api over the five providers' catalogs (1,170 documented
// operations), in sandbox mode over MCP stdio — the time of one call from the client's side, and
// the size of its answer. The first call builds the index and is reported apart.
import { performance } from 'node:perf_hooks';
import { median, percentile, round, spawnStdio } from './lib.mjs';

/** What users ask, in their words, across the providers. */
const QUERIES = [
  'restart nginx',
  'app environment variables',
  'back up an environment',
  'update WordPress plugins',
  'list databases',
  'create cron job',
  'add firewall rule',
  'restore database backup',
  'pause environment',
  'force https redirect',
];

export async function searchApi(calls) {
  const { peer, child } = spawnStdio(['--sandbox']);
  try {
    await peer.initialize();
    let started = performance.now();
    await peer.callTool('search_api', { query: 'list servers' });
    const firstMs = performance.now() - started;
    const times = [];
    let bytes = 0;
    for (let i = 0; i < calls; i++) {
      const query = QUERIES[i % QUERIES.length];
      started = performance.now();
      const result = await peer.callTool('search_api', { query });
      times.push(performance.now() - started);
      // What the model reads: the text block (the structured content holds the same).
      bytes = Math.max(bytes, Buffer.byteLength(result.content.map((c) => c.text ?? '').join('\n')));
    }
    return {
      calls,
      firstCallMs: round(firstMs),
      medianMs: round(median(times)),
      p95Ms: round(percentile(times, 95)),
      largestAnswerTokens: Math.round(bytes / 4),
      target: { medianMs: 20, answerTokens: 1000 },
    };
  } finally {
    child.kill();
  }
}
