import { describe, expect, it } from 'vitest';
import { buildPath } from '../../../src/core/routes.js';

describe('buildPath', () => {
  it('encodes each value as one segment', () => {
    expect(buildPath('/sites/{site}/logs', { site: 'a b/c?d#e' })).toBe('/sites/a%20b%2Fc%3Fd%23e/logs');
    expect(buildPath('/refs/{ref}', { ref: 'heads/main' })).toBe('/refs/heads%2Fmain');
  });

  it('refuses dot segments in any encoding, wherever the value came from', () => {
    for (const site of [
      '.',
      '..',
      '%2e',
      '%2E%2e',
      '.%2e',
      '%252e%252e',
      '../admin',
      '..%2Fadmin',
      'x/..',
      'x\\..',
    ]) {
      expect(() => buildPath('/servers/{server}/sites/{site}/deploy', { server: '1', site }), site).toThrow(
        /is not a valid site: "\." and "\.\." \(in any encoding\) would change which path is requested/,
      );
    }
    // Dots inside a name are fine.
    expect(buildPath('/sites/{site}', { site: 'shop.acme.test' })).toBe('/sites/shop.acme.test');
    expect(buildPath('/sites/{site}', { site: '...' })).toBe('/sites/...');
  });

  it('names the parameter that is not valid text', () => {
    expect(() => buildPath('/apps/{app}', { app: 'x\ud800' })).toThrow(/The app is not valid text/);
  });
});
