import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, tuneHeapGrowth } from '../../../src/http/heap-growth.js';

describe('tuneHeapGrowth', () => {
  const run = (execArgv: string[], nodeOptions: string) => {
    const set: string[] = [];
    const applied = tuneHeapGrowth(execArgv, nodeOptions, (flags) => set.push(flags));
    return { applied, set };
  };

  it('sets V8 old-space growth when the process was started without heap sizing', () => {
    expect(run([], '')).toEqual({ applied: true, set: [`--heap-growing-percent=${HEAP_GROWING_PERCENT}`] });
    // A young-generation bound is no old-space sizing: both apply.
    expect(run(['--enable-source-maps'], '--max-semi-space-size=4').applied).toBe(true);
  });

  it("leaves V8 alone when an operator sized the old generation (NODE_OPTIONS or node's flags)", () => {
    expect(run([], '--max-old-space-size=512')).toEqual({ applied: false, set: [] });
    expect(run([], '--enable-source-maps --max_old_space_size=1024').applied).toBe(false);
    expect(run(['--heap-growing-percent=20'], '').applied).toBe(false);
    expect(run(['--max-old-space-size=256'], '').applied).toBe(false);
  });

  it('names a flag the V8 of this Node knows (an unknown one is reported on stderr)', () => {
    const child = spawnSync(
      process.execPath,
      ['-e', `require('node:v8').setFlagsFromString('--heap-growing-percent=${HEAP_GROWING_PERCENT}')`],
      { encoding: 'utf8' },
    );
    expect(child.status).toBe(0);
    expect(child.stderr).toBe('');
  });
});
