// One MCP session over stdio as a client runs it: spawn, initialize, tools/list, close stdin.
// Used by the build (to record the code cache) and by the checks of the packed tarball and the
// MCP bundle (to prove what a user installs really starts).
import { spawn } from 'node:child_process';

/**
 * Runs `command args` and resolves with the tools/list result once the process has exited 0.
 * Rejects when it does not answer within `timeoutMs` or exits otherwise; stderr is kept for the
 * message.
 */
export function toolsListSession(command, args, { env = process.env, cwd, timeoutMs = 30_000 } = {}) {
  const child = spawn(command, args, { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  const send = (message) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
  send({
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'check', version: '0' } },
  });
  send({ method: 'notifications/initialized' });
  send({ id: 2, method: 'tools/list' });
  return new Promise((resolve, reject) => {
    let output = '';
    let stderr = '';
    let result;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} did not answer tools/list within ${timeoutMs / 1000} s\n${stderr}`));
    }, timeoutMs);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      output += chunk;
      for (const line of output.split('\n')) {
        if (!line.includes('"id":2')) continue;
        result = JSON.parse(line).result;
        child.stdin.end();
      }
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0 && result) resolve(result);
      else
        reject(new Error(`${command} ${args.join(' ')} failed (exit ${code}) before tools/list\n${stderr}`));
    });
  });
}
