// One MCP session over stdio as a client runs it: spawn, initialize, tools/list, optionally some
// tools/call requests, close stdin. Used by the build (to record the code cache) and by the
// checks of the packed tarball and the MCP bundle (to prove what a user installs really starts).
import { spawn } from 'node:child_process';

/**
 * Runs `command args` and resolves with the tools/list result once the process has exited 0.
 * Rejects when it does not answer within `timeoutMs` or exits otherwise; stderr is kept for the
 * message.
 */
export async function toolsListSession(command, args, options = {}) {
  return (await stdioSession(command, args, options)).tools;
}

/**
 * The same session, then each of `calls` ({name, arguments}) as a tools/call, one after the
 * other; resolves with the tools/list result, the call results in order and what the server
 * wrote to stderr.
 */
export function stdioSession(command, args, { env = process.env, cwd, timeoutMs = 30_000, calls = [] } = {}) {
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
    let tools;
    const results = [];
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} did not answer within ${timeoutMs / 1000} s\n${stderr}`));
    }, timeoutMs);
    /** After each answer: the next call, or the end of the session. */
    const next = () => {
      const call = calls[results.length];
      if (call) send({ id: 3 + results.length, method: 'tools/call', params: call });
      else child.stdin.end();
    };
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const lines = output.split('\n');
      output = lines.pop() ?? '';
      for (const line of lines) {
        const message = JSON.parse(line);
        if (message.id === 2) tools = message.result;
        else if (typeof message.id === 'number' && message.id >= 3)
          results.push(message.result ?? message.error);
        else continue;
        next();
      }
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0 && tools) resolve({ tools, results, stderr });
      else
        reject(new Error(`${command} ${args.join(' ')} failed (exit ${code}) before tools/list\n${stderr}`));
    });
  });
}
