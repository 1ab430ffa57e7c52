// A readable walkthrough: drives the built server over stdio in sandbox mode with the MCP SDK
// client, exactly as a desktop client would, and prints what each step returned.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const transport = new StdioClientTransport({
  command: process.execPath,
  args: ['dist/cli.js', '--sandbox', '--log-level', 'warn'],
  stderr: 'inherit',
});
const client = new Client({ name: 'hosting-mcp-demo', version: '1.0.0' });
await client.connect(transport);

let step = 0;
async function call(title, name, args = {}, onProgress) {
  step += 1;
  console.log(`\n${step}. ${title}\n   → ${name} ${JSON.stringify(args)}`);
  const result = await client.callTool({ name, arguments: args }, undefined, {
    onprogress: onProgress,
    timeout: 120_000,
    resetTimeoutOnProgress: true,
  });
  if (result.isError) {
    console.log(`   ✗ ${result.content[0].text.replace(/\n/g, '\n     ')}`);
    return undefined;
  }
  return result.structuredContent;
}

let lastProgress = '';
const progress = (p) => {
  const state = p.message.replace(/ after .*/, '');
  if (state !== lastProgress) console.log(`     … ${p.message}`);
  lastProgress = state;
};

const accounts = await call('Which accounts are configured?', 'list_accounts');
for (const a of accounts.accounts) console.log(`   ${a.provider}/${a.account}: ${a.capabilities.join(', ')}`);

const forge = { provider: 'forge' };
const servers = await call('List Forge servers', 'list_servers', forge);
for (const s of servers.servers) console.log(`   #${s.id} ${s.name} ${s.ip_address} (${s.status})`);

const plan = await call('Dry run: what would creating a server send?', 'create_server', {
  ...forge,
  name: 'demo-web',
  cloud: 'ocean2',
  region: 'ams3',
  size: 's-1vcpu-1gb',
  dry_run: true,
});
console.log(`   ${plan.request.method} ${plan.request.url}\n   body: ${JSON.stringify(plan.request.body)}`);

const created = await call(
  'Create it for real and wait for provisioning',
  'create_server',
  {
    ...forge,
    name: 'demo-web',
    cloud: 'ocean2',
    region: 'ams3',
    size: 's-1vcpu-1gb',
    wait_seconds: 30,
  },
  progress,
);
console.log(
  `   ${created.message}\n   operation ${created.operation.id}: ${created.operation.state} (${created.operation.status})`,
);
let serverOp = created.operation;
while (!serverOp.done) {
  const next = await call(
    'Keep following the provisioning',
    'get_operation',
    { operation_id: serverOp.id, wait_seconds: 30 },
    progress,
  );
  serverOp = next.operation;
  console.log(`   ${serverOp.state} (${serverOp.status})`);
}

const site = await call(
  'Create a site on the new server',
  'create_site',
  {
    ...forge,
    server: 'demo-web',
    domain: 'demo.example.test',
    type: 'laravel',
    repository: 'acme/demo',
    branch: 'main',
    wait_seconds: 20,
  },
  progress,
);
console.log(`   ${site.message} → ${site.operation.state}`);

const deploy = await call(
  'Deploy it and wait',
  'deploy_site',
  { ...forge, site: 'demo.example.test', wait_seconds: 20 },
  progress,
);
console.log(`   ${deploy.message} → ${deploy.operation.state} (${deploy.operation.status})`);

const log = await call('Read the deployment log', 'tail_logs', {
  ...forge,
  source: 'deployment',
  site: 'demo.example.test',
  lines: 8,
});
console.log(`   ${log.message}\n${log.log.replace(/^/gm, '     ')}`);

const cert = await call(
  "Issue a Let's Encrypt certificate and wait",
  'issue_certificate',
  {
    ...forge,
    site: 'demo.example.test',
    wait_seconds: 20,
  },
  progress,
);
console.log(`   ${cert.message} → ${cert.operation.state} (${cert.operation.status})`);

const certs = await call('List its certificates', 'list_certificates', {
  ...forge,
  site: 'demo.example.test',
});
for (const c of certs.certificates) console.log(`   ${c.domain}: ${c.state} (${c.type})`);

const failed = await call('A past failed deployment, with its log tail', 'list_deployments', {
  ...forge,
  site: 'acme.test',
  limit: 5,
});
const bad = failed.deployments.find((d) => d.state === 'failed');
if (bad) {
  const op = await call('Why did it fail?', 'get_operation', { operation_id: bad.operation_id });
  console.log(
    `   ${op.operation.state}: ${op.operation.status}\n${op.operation.log_tail.replace(/^/gm, '     ')}`,
  );
}

step += 1;
console.log(`\n${step}. The same verbs on every configured provider`);
for (const account of accounts.accounts) {
  const provider = { provider: account.provider };
  const servers = await client.callTool({ name: 'list_servers', arguments: provider });
  const sites = await client.callTool({ name: 'list_sites', arguments: provider });
  const count = (result, key) => (result.isError ? 'error' : result.structuredContent[key].length);
  console.log(
    `   ${account.title.padEnd(14)} ${count(servers, 'servers')} server(s), ${count(sites, 'sites')} site(s)`,
  );
}
const unsupported = await client.callTool({
  name: 'deploy_site',
  arguments: { provider: 'serverpilot', site: 'x' },
});
console.log(`   deploy_site on ServerPilot → ${unsupported.content[0].text.split('\n')[0].slice(0, 160)}…`);

await client.close();
console.log('\nDone: every call above went through the real HTTP client to the built-in simulators.');
