import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AdjustableClock, realClock } from './domain/clock';
import type { SandboxClock } from './domain/clock';
import { newAdminToken } from './domain/identifiers';
import { DEFAULT_RATE_LIMIT, RateLimiter } from './domain/rate-limiter';
import type { RateLimit } from './domain/rate-limiter';
import { seedIfEmpty } from './domain/seed';
import { seedTemplatesIfMissing } from './domain/seed-templates';
import { SandboxServices } from './domain/services';
import { createRequestHandler } from './http/handler';
import { Router, servedRoutes } from './http/router';
import { adminRoutes } from './routes/admin';
import { billingRoutes } from './routes/billing';
import { smsRoutes } from './routes/sms';
import { subaccountRoutes } from './routes/subaccounts';
import { openSandboxDatabase } from './store/database';
import type { LedgerDiscrepancy, LedgerEntry } from './store/ledger-repository';
import { SandboxStore } from './store/sandbox-store';

export type { SandboxClock } from './domain/clock';
export type { RateLimit } from './domain/rate-limiter';
export type { LedgerDiscrepancy, LedgerEntry } from './store/ledger-repository';

export interface SandboxOptions {
  dataDir: string;
  /** 0 = a random free port (the default). */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Defaults to real time. */
  clock?: SandboxClock;
  /** Per-account default; defaults to 50,000 requests per 5 minutes. */
  rateLimit?: RateLimit | 'off';
  /** How often (real ms) the delivery simulation runs on its own; 0 turns it off. Default 250. */
  deliveryTickMs?: number;
  /**
   * Documented-only mode (`--kaleyra-only`): every [ours] API route answers like an unknown path
   * and send answers carry only Kaleyra's fields, so the app meets what a real account offers.
   */
  documentedOnly?: boolean;
  /**
   * Also listen on a second port that serves documented-only, over the same accounts, money and
   * clock (the app's per-profile switch picks the port). Ignored when `documentedOnly` is set.
   */
  documentedOnlyListener?: boolean;
}

export interface SeededAccount {
  sid: string;
  apiKey: string;
  billing: 'prepaid' | 'postpaid';
  name: string;
  currency: string;
  subaccounts: Array<{
    sid: string;
    apiKey: string;
    name: string;
    creditType: 'assigned' | 'shared';
    status: 'invited' | 'active' | 'suspended' | 'deleted';
  }>;
}

export interface RunningSandbox {
  url: string;
  accounts: SeededAccount[];
  /** True when started documented-only: [ours] API routes answer like unknown paths. */
  documentedOnly: boolean;
  /** The second, documented-only listener's URL (same data), when asked for; else null. */
  documentedOnlyUrl: string | null;
  /** [ours] token for the loopback-only `/__sandbox/*` admin routes (header `x-sandbox-admin-token`). */
  adminToken: string;
  /** The sandbox's current time (the configured clock plus every advance). */
  now(): number;
  /** Moves sandbox time forward and runs the delivery simulation; returns the transitions made. */
  advanceClock(ms: number): number;
  /** Runs the delivery simulation for everything due now; returns the transitions made. */
  processDeliveries(): number;
  /** Overrides (or with null, resets) one account's request limit. */
  setRateLimit(sid: string, limit: RateLimit | null): void;
  /** [ours] How many of this account's requests were answered 429 since start. */
  rateLimitRefusals(sid: string): number;
  /** [ours] Turns India DLT operator scrubbing of one account's +91 sends on or off. */
  setDltScrubbing(sid: string, on: boolean): void;
  /** Every cached balance / usage that disagrees with the ledger (empty when consistent). */
  ledgerDiscrepancies(): LedgerDiscrepancy[];
  ledgerEntries(sid: string): LedgerEntry[];
  close(): Promise<void>;
}

const DEFAULT_DELIVERY_TICK_MS = 250;

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const db = openSandboxDatabase(options.dataDir);
  const store = new SandboxStore(db);
  const clock = new AdjustableClock(options.clock ?? realClock);
  seedIfEmpty(store, clock.now());
  seedTemplatesIfMissing(store);
  const documentedOnly = options.documentedOnly ?? false;
  const services = new SandboxServices(store, clock, new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT), newAdminToken(), { documentedOnly });
  const allRoutes = [...subaccountRoutes, ...billingRoutes, ...smsRoutes, ...adminRoutes];
  const host = options.host ?? '127.0.0.1';
  const main = await listen(createRequestHandler(services, new Router(servedRoutes(allRoutes, { documentedOnly }))), host, options.port ?? 0);
  let second: Listening | null = null;
  if (options.documentedOnlyListener && !documentedOnly) {
    const documentedServices = new SandboxServices(store, clock, services.rateLimiter, services.adminToken, { documentedOnly: true });
    second = await listen(createRequestHandler(documentedServices, new Router(servedRoutes(allRoutes, { documentedOnly: true }))), host, 0);
  }

  const tickMs = options.deliveryTickMs ?? DEFAULT_DELIVERY_TICK_MS;
  const tick = (): void => {
    try {
      services.delivery.processDue(clock.now());
    } catch (error) {
      // A failed tick is retried on the next one; each batch is its own transaction.
      console.error('[sandbox] delivery simulation failed', error);
    }
  };
  const ticker = tickMs > 0 ? setInterval(tick, tickMs) : undefined;
  ticker?.unref();

  let closed: Promise<void> | undefined;
  return {
    url: main.url,
    documentedOnlyUrl: second?.url ?? null,
    accounts: seededAccounts(store),
    documentedOnly,
    adminToken: services.adminToken,
    now: () => clock.now(),
    advanceClock(ms) {
      clock.advance(ms);
      return services.delivery.processDue(clock.now());
    },
    processDeliveries: () => services.delivery.processDue(clock.now()),
    setRateLimit(sid, limit) {
      store.accounts.setRateLimit(sid, limit);
      services.rateLimiter.reset(sid);
    },
    rateLimitRefusals: (sid) => services.rateLimiter.refusals(sid),
    setDltScrubbing: (sid, on) => store.templates.setScrubbed(sid, on),
    ledgerDiscrepancies: () => store.ledger.discrepancies(),
    ledgerEntries: (sid) => store.ledger.entriesFor(sid),
    close() {
      closed ??= (async () => {
        if (ticker) clearInterval(ticker);
        try {
          await Promise.all([main.close(), second?.close()]);
        } finally {
          db.close();
        }
      })();
      return closed;
    },
  };
}

function seededAccounts(store: SandboxStore): SeededAccount[] {
  return store.accounts.listParents().map((parent) => ({
    sid: parent.sid,
    apiKey: parent.apiKey,
    billing: parent.billing ?? 'prepaid',
    name: parent.name,
    currency: parent.currency,
    subaccounts: store.accounts.listSubaccounts(parent.sid).map((sub) => ({
      sid: sub.sid,
      apiKey: sub.apiKey,
      name: sub.name,
      creditType: sub.creditType ?? 'assigned',
      status: sub.status,
    })),
  }));
}

interface Listening {
  url: string;
  close(): Promise<void>;
}

async function listen(handle: ReturnType<typeof createRequestHandler>, host: string, port: number): Promise<Listening> {
  const server = createServer((request, response) => {
    void handle(request, response);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
