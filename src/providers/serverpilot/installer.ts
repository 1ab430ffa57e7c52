/**
 * The installer a registered server needs, as the reference gives it ("Connect a New Server").
 * The text embeds the server's API key, so it only ever goes to a 0600 file, never into a result.
 */

export const INSTALLER_URL = 'https://download.serverpilot.io/serverpilot-installer';

export function installerScript(server: { id: string; name: string; apikey: string }): string {
  return [
    '#!/bin/sh',
    `# ServerPilot installer for server ${oneLine(server.name)} (${oneLine(server.id)}).`,
    '# Run once, as root or with sudo, on a fresh 64-bit Ubuntu LTS machine: sudo sh <this file>',
    '# It contains the server API key: keep this file private and delete it after the install.',
    'set -e',
    `SERVERID=${shellQuote(server.id)}`,
    `SERVERAPIKEY=${shellQuote(server.apikey)}`,
    'apt-get update && apt-get -y install wget ca-certificates',
    `wget -nv -O serverpilot-installer ${INSTALLER_URL}`,
    'sh serverpilot-installer --server-id="$SERVERID" --server-apikey="$SERVERAPIKEY"',
    '',
  ].join('\n');
}

/** Values come from the API; quoting keeps an unexpected character from becoming shell syntax. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}
