import { describe, expect, it } from 'vitest';
import { changeEnv } from '../../../src/providers/kit/env-file.js';

describe('env file edits', () => {
  it('treats keys named like Object.prototype members as plain keys', () => {
    const before = 'constructor=keep\nAPP=1\n';
    const { text, changes } = changeEnv(before, { toString: 'x' }, ['hasOwnProperty']);
    expect(text).toBe('constructor=keep\nAPP=1\ntoString=x\n');
    expect({ ...changes }).toEqual({ toString: 'added', hasOwnProperty: 'not present' });
  });
});
