import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, MODERN_META } from '../support/spawn-http.js';

/**
 * A desktop client that quits while a call is still waiting (a wait_seconds poll sending progress)
 * closes our stdin, our stdout, or both. Either must end the server at once: exit code 0, no stack
 * trace on stderr, whichever protocol era the connection spoke.
 */

const CREATE = {
  provider: 'forge',
  name: 'hangup',
  cloud: 'ocean2',
  region: 'ams3',
  size: 's-1vcpu-1gb',
  wait_seconds: 30,
};

function hangUpMidCall(close: 'stdin' | 'stdout', era: 'legacy' | 'modern') {
  const child = spawn(process.execPath, [CLI, '--sandbox'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const send = (message: Record<string, unknown>) =>
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
  const meta = era === 'modern' ? MODERN_META : {};
  if (era === 'legacy') {
    send({
      id: 0,
      method: 'initialize',
      params: {
        protocolVersion: '2025-11-25',
        capabilities: {},
        clientInfo: { name: 'hangup', version: '0' },
      },
    });
    send({ method: 'notifications/initialized' });
  }
  send({
    id: 1,
    method: 'tools/call',
    params: { _meta: { ...meta, progressToken: 1 }, name: 'create_server', arguments: CREATE },
  });
  return new Promise<{ code: number | null; signal: string | null; stderr: string; afterHangupMs: number }>(
    (resolve, reject) => {
      let hungUpAt = 0;
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`still running 10 s after the hangup; stderr:\n${stderr}`));
      }, 20_000);
      child.stdout.on('data', (chunk: Buffer) => {
        // The call is waiting and reporting progress: hang up now.
        if (hungUpAt || !chunk.toString().includes('notifications/progress')) return;
        hungUpAt = Date.now();
        if (close === 'stdin') child.stdin.end();
        else child.stdout.destroy();
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stderr, afterHangupMs: Date.now() - hungUpAt });
      });
    },
  );
}

describe('stdio: the client hangs up mid-call', () => {
  it.each([
    ['stdin', 'legacy'],
    ['stdout', 'legacy'],
    ['stdin', 'modern'],
    ['stdout', 'modern'],
  ] as const)('closing %s (%s era) ends the server with exit 0 and no stack trace', async (close, era) => {
    const { code, signal, stderr, afterHangupMs } = await hangUpMidCall(close, era);
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stderr).not.toMatch(/EPIPE|Unhandled|uncaught/i);
    // At once: not after the 30 s wait the call asked for.
    expect(afterHangupMs).toBeLessThan(5_000);
  });
});
