import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../../electron/browser-host/http-server';
import { DATABASE_FILE, type Core } from '../../../electron/core/core';
import { callNames, calls } from '../../../shared/contract';
import type { RunningSandbox } from '../../../sandbox/server';
import { prepaidParent, startTestCore, startTestSandbox, tempDir } from '../app/support';

/**
 * Every call in the contract, fed generated payloads that its schema refuses — wrong types, missing
 * and extra fields, huge strings, deep nesting, prototype-pollution keys — must answer
 * VALIDATION_FAILED, never crash, and never write. New calls are covered as soon as they exist.
 */
const RUNS_PER_CALL = Number(process.env.FUZZ_RUNS ?? 1000);
const HTTP_RUNS_PER_CALL = Math.max(20, Math.round(RUNS_PER_CALL / 10));

const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty');
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constant('a'.repeat(100_000)),
  fc.constant('\u202e\u200b\ufeff'),
  fc.constant("'; DROP TABLE profiles; --"),
);
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('tree'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileKey, fc.string({ maxLength: 12 })), tie('tree'), { maxKeys: 5 }),
  ),
}));
const deepNesting = fc.integer({ min: 50, max: 2000 }).map((depth) => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { nested: value };
  return value;
});
const pollution = fc.constantFrom<unknown>(JSON.parse('{"__proto__":{"polluted":true}}'), JSON.parse('{"constructor":{"prototype":{"polluted":true}}}'));
const payload = fc.oneof(tree, deepNesting, pollution, fc.constant(undefined));

let api: RunningSandbox;
let core: Core;
let dataDir: string;
let host: BrowserHost;

beforeAll(async () => {
  api = await startTestSandbox();
  const parent = prepaidParent(api);
  dataDir = tempDir('desk-fuzz-');
  core = await startTestCore(dataDir, { url: api.url, sid: parent.sid, apiKey: parent.apiKey, name: parent.name });
  host = await startBrowserHost({ core, rendererDir: tempDir('desk-fuzz-renderer-') });
});

afterAll(async () => {
  await host.close();
  core.close();
  await api.close();
});

/** A digest of every row of every table: equal before and after means nothing was written. */
function storeDigest(): string {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    const hash = createHash('sha256');
    for (const { name } of tables) hash.update(name).update(JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).raw().all()));
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

const throughJson = (value: unknown): unknown => (value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown));

const refusedBy = (name: (typeof callNames)[number]) => (value: unknown) => !calls[name].input.safeParse(value ?? {}).success;

describe('contract fuzzing', () => {
  it.each(callNames)('%s refuses every malformed payload in the core, without writing', async (name) => {
    const before = storeDigest();
    await fc.assert(
      fc.asyncProperty(payload.filter(refusedBy(name)), async (value) => {
        const result = await core.call(name, value);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.code).toBe('VALIDATION_FAILED');
      }),
      { numRuns: RUNS_PER_CALL },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(storeDigest()).toBe(before);
  });

  it.each(callNames)('%s refuses malformed bodies over the browser host, never with a 500', async (name) => {
    await fc.assert(
      // What the server receives is the JSON text, so refusal is judged on the value JSON carries
      // (`{ a: undefined }` travels as `{}`, which an empty-input call rightly accepts).
      fc.asyncProperty(payload.map(throughJson).filter(refusedBy(name)), async (value) => {
        const body = value === undefined ? 'undefined' : JSON.stringify(value);
        const answer = await post(`/api/call/${encodeURIComponent(name)}`, body);
        expect([200, 400, 413]).toContain(answer.status);
        if (answer.status === 200) expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      }),
      { numRuns: HTTP_RUNS_PER_CALL },
    );
  });

  it('answers unknown call names with UNKNOWN_CALL, whatever the name', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), hostileKey).filter((n) => !Object.hasOwn(calls, n)),
        async (name) => {
          const result = await core.call(name, {});
          expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
        },
      ),
      { numRuns: RUNS_PER_CALL },
    );
  });
});

function post(path: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path,
        method: 'POST',
        headers: { host: `127.0.0.1:${host.port}`, 'content-type': 'application/json', 'x-desk-token': host.token },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' || error.code === 'EPIPE' ? resolve({ status: 413, body: '' }) : reject(error),
    );
    req.end(body);
  });
}
