/**
 * Seed data for the ServerPilot simulator: two connected servers and one still waiting for its
 * installer, their system users, three apps (custom SSL, AutoSSL + ForceSSL, none), a database
 * and past actions. Canary secrets sit where ServerPilot keeps real ones: app private keys (which
 * GET /apps returns), server API keys (the create response), a database user's and a system
 * user's password. Tests assert none of them ever reaches a result or a log line.
 */

export const SERVERPILOT_CANARIES = {
  sslKey: 'serverpilot-canary-sslkey-Qd7Lm2Rx',
  autoSslKey: 'serverpilot-canary-autosslkey-Vt3Kp8Wn',
  /** The API key the simulator hands to the first server registered through it. */
  serverApiKey: 'serverpilotcanarysrvkeyHx5Zc1Tb',
  seedServerApiKey: 'serverpilotcanaryseedkeyJm6Re2Qa',
  databasePassword: 'serverpilot-canary-db-Nw4Gs6Yj',
  sysuserPassword: 'serverpilot-canary-sysuser-Pb9Fd3Lc',
} as const;

const C = SERVERPILOT_CANARIES;

/** A PEM-shaped block: the simulator never needs a real key, only something shaped like one. */
export function pem(kind: 'PRIVATE KEY' | 'CERTIFICATE', body: string): string {
  return `-----BEGIN ${kind}-----\n${body}\n-----END ${kind}-----`;
}

export const MODERN_RUNTIMES = ['php7.4', 'php8.1', 'php8.2', 'php8.3', 'php8.4'];

export interface SeedServer {
  id: string;
  name: string;
  plan: string;
  address: string | null;
  /** False: registered, but nobody ran the installer yet. */
  connected: boolean;
  runtimes: string[];
  apikey: string;
}

export interface SeedSysuser {
  id: string;
  name: string;
  serverid: string;
  password: string | null;
}

export interface SeedApp {
  id: string;
  name: string;
  sysuserid: string;
  serverid: string;
  runtime: string;
  domains: string[];
  ssl: { key: string; cert: string; cacerts: string | null; auto: boolean; force: boolean } | null;
}

export const SERVERPILOT_SEED = {
  servers: [
    {
      id: 'Wk3mTq9LsB2xRv7N',
      name: 'www1',
      plan: 'business',
      address: '203.0.113.20',
      connected: true,
      runtimes: MODERN_RUNTIMES,
      apikey: C.seedServerApiKey,
    },
    {
      id: 'Hp4nYc8DzE1uGf6J',
      name: 'www2',
      plan: 'economy',
      address: '203.0.113.21',
      connected: true,
      runtimes: MODERN_RUNTIMES,
      apikey: 'serverpilotseedkeywww2Lr5Tn8Vb',
    },
    {
      id: 'Ra7sKv2MxQ5wBn3C',
      name: 'staging',
      plan: 'economy',
      address: null,
      connected: false,
      runtimes: MODERN_RUNTIMES,
      apikey: 'serverpilotseedkeystagingQz4Xw1Mk',
    },
  ] as SeedServer[],
  sysusers: [
    {
      id: 'Su1aServerPilot1',
      name: 'serverpilot',
      serverid: 'Wk3mTq9LsB2xRv7N',
      password: C.sysuserPassword,
    },
    { id: 'Su2bServerPilot2', name: 'serverpilot', serverid: 'Hp4nYc8DzE1uGf6J', password: null },
    { id: 'Su3cServerPilot3', name: 'serverpilot', serverid: 'Ra7sKv2MxQ5wBn3C', password: null },
    { id: 'Su4dShopUser0004', name: 'shop', serverid: 'Wk3mTq9LsB2xRv7N', password: null },
  ] as SeedSysuser[],
  apps: [
    {
      id: 'Ap1ShopApp00001x',
      name: 'shop',
      sysuserid: 'Su4dShopUser0004',
      serverid: 'Wk3mTq9LsB2xRv7N',
      runtime: 'php8.3',
      domains: ['shop.example.com', 'www.shop.example.com'],
      ssl: {
        key: pem('PRIVATE KEY', C.sslKey),
        cert: pem('CERTIFICATE', 'MIIC-shop-example-com-custom-certificate'),
        cacerts: pem('CERTIFICATE', 'MIIC-example-intermediate-ca'),
        auto: false,
        force: true,
      },
    },
    {
      id: 'Ap2BlogApp00002y',
      name: 'blog',
      sysuserid: 'Su1aServerPilot1',
      serverid: 'Wk3mTq9LsB2xRv7N',
      runtime: 'php8.2',
      domains: ['blog.example.com'],
      ssl: {
        key: pem('PRIVATE KEY', C.autoSslKey),
        cert: pem('CERTIFICATE', 'MIIC-blog-example-com-autossl'),
        cacerts: pem('CERTIFICATE', 'MIIC-autossl-intermediate'),
        auto: true,
        force: true,
      },
    },
    {
      id: 'Ap3LegacyApp003z',
      name: 'legacy',
      sysuserid: 'Su2bServerPilot2',
      serverid: 'Hp4nYc8DzE1uGf6J',
      runtime: 'php7.4',
      // ".invalid" never resolves, so AutoSSL never becomes available for this app.
      domains: ['legacy.example.invalid'],
      ssl: null,
    },
  ] as SeedApp[],
  databases: [
    {
      id: 'Db1ShopDatabase1',
      name: 'shopdb',
      appid: 'Ap1ShopApp00001x',
      serverid: 'Wk3mTq9LsB2xRv7N',
      user: { id: 'Du1ShopDbUser001', name: 'shop', password: C.databasePassword },
    },
  ],
  /** Past actions: one finished, one failed, one still open (the staging server's registration). */
  actions: {
    succeeded: 'Ac1BlogCreated01',
    failed: 'Ac2RuntimeFailed',
    stagingRegistration: 'Ac3StagingRegist',
  },
};
