import packageJson from '../package.json' with { type: 'json' };

/** The package version, bundled at build time. */
export const VERSION: string = packageJson.version;
export const USER_AGENT = `hosting-mcp/${VERSION} (+https://www.npmjs.com/package/hosting-mcp)`;
