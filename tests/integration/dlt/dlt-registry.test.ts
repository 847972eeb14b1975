import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../sandbox/server';
import { callOk, prepaidParent, startTestCore, startTestSandbox, tempDir } from '../app/support';

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

async function setup() {
  const sandbox: RunningSandbox = await startTestSandbox();
  open.push(sandbox);
  const parent = prepaidParent(sandbox);
  const north = parent.subaccounts.find((sub) => sub.name === 'AcmeNorth');
  if (!north) throw new Error('no AcmeNorth');
  const core = await startTestCore(tempDir('desk-dlt-'), { url: sandbox.url, sid: parent.sid, apiKey: parent.apiKey, name: parent.name }, false, [
    { profileId: 'sandbox-sub', url: sandbox.url, sid: north.sid, apiKey: north.apiKey, name: north.name, role: 'subaccount' },
  ]);
  open.push(core);
  return core;
}

const ENTITY = '1101456789012345678';
const csvCell = (value: string) => (/[",\n;]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** Rows as a portal exports them, with what importing each must give (the truth the test checks). */
const jioRows = [
  {
    id: '1107161234500000001',
    name: 'Diwali offer',
    type: 'Promotional',
    header: '567890',
    text: 'Hi {#var#}, Diwali offer: {#var#} off at Acme, today only. T&C apply',
    status: 'Approved',
    expect: 'added',
  },
  {
    id: '1107161234500000002',
    name: 'Order shipped',
    type: 'Transactional',
    header: 'ACMENR, ACMEIN',
    text: 'Dear {#VAR#}, order {#var#} has shipped.\nTrack: {#var#}',
    status: 'Approved',
    expect: 'added',
  },
  {
    id: '1107161234500000003',
    name: 'OTP',
    type: 'Service-Implicit',
    header: 'ACMEIN',
    text: 'आपका Acme OTP {#var#} है। इसे किसी से साझा न करें।',
    status: 'APPROVED',
    expect: 'added',
  },
  { id: '1107161234500000004', name: 'Old promo', type: 'Promotional', header: '567890', text: 'Sale {#var#}', status: 'Rejected', expect: 'skipped' },
  { id: '1.10716E+18', name: 'Broken by Excel', type: 'Transactional', header: 'ACMENR', text: 'Dear {#var#}', status: 'Approved', expect: 'invalid' },
  { id: '1107161234500000006', name: 'Wrong header', type: 'Promotional', header: 'ACMEIN', text: 'Big sale {#var#}', status: 'Approved', expect: 'invalid' },
  {
    id: '1107161234500000007',
    name: 'Consent',
    type: 'Service Explicit',
    header: 'ACMESE',
    text: 'Hello {#var#}, your plan renews on {#var#}.',
    status: 'Approved',
    expect: 'added',
  },
  { id: '1107161234500000001', name: 'Duplicate', type: 'Promotional', header: '567890', text: 'Hi {#var#}', status: 'Approved', expect: 'invalid' },
] as const;

function jioExport(): string {
  const header = ['Entity ID', 'Template ID', 'Template Name', 'Template Type', 'Header', 'Template Content', 'Status', 'Created On'];
  const lines = jioRows.map((row) => [ENTITY, row.id, row.name, row.type, row.header, row.text, row.status, '12-03-2025'].map(csvCell).join(','));
  return `\uFEFF${header.join(',')}\r\n${lines.join('\r\n')}\r\n`;
}

describe('DLT registry', () => {
  it('imports a portal export row by row: columns found by name, approved templates kept, every other row explained', async () => {
    const core = await setup();
    await callOk(core, 'profiles.activate', { profileId: 'sandbox-sub' });
    const report = await callOk(core, 'dlt.importCsv', { text: jioExport() });
    expect(report.missingColumns).toEqual([]);
    expect(report.mapping).toEqual({ entityId: 0, templateId: 1, name: 2, category: 3, header: 4, text: 5, status: 6 });
    // Line numbers count the header line; the second template's text spans two lines.
    expect(report.rows.map((row) => [row.templateId, row.outcome])).toEqual(jioRows.map((row) => [row.id, row.expect]));
    expect(report.rows.map((row) => row.line)).toEqual([2, 3, 5, 6, 7, 8, 9, 10]);
    expect(report).toMatchObject({ added: 4, updated: 0, skipped: 1, invalid: 3, entityId: ENTITY });
    expect(report.rows[4]?.reason).toMatch(/shortened by a spreadsheet/);
    expect(report.rows[5]?.reason).toMatch(/6 digits/);
    expect(report.rows[7]?.reason).toMatch(/also on line 2/);

    const registry = await callOk(core, 'dlt.registry');
    expect(registry.entityId).toBe(ENTITY);
    expect(registry.headers).toEqual([
      { header: '567890', category: 'promotional' },
      { header: 'ACMEIN', category: 'service_implicit' },
      { header: 'ACMEIN', category: 'transactional' },
      { header: 'ACMENR', category: 'transactional' },
      { header: 'ACMESE', category: 'service_explicit' },
    ]);
    expect(registry.templates.map((template) => [template.templateId, template.header, template.category, template.slots])).toEqual([
      ['1107161234500000001', '567890', 'promotional', 2],
      ['1107161234500000002', 'ACMENR', 'transactional', 3],
      ['1107161234500000003', 'ACMEIN', 'service_implicit', 1],
      ['1107161234500000007', 'ACMESE', 'service_explicit', 2],
    ]);
    // {#VAR#} is read as {#var#}; the line break inside the quoted field is kept.
    expect(registry.templates[1]?.text).toBe('Dear {#var#}, order {#var#} has shipped.\nTrack: {#var#}');

    // The same export again updates, never duplicates; the other profile sees none of it.
    const again = await callOk(core, 'dlt.importCsv', { text: jioExport() });
    expect(again).toMatchObject({ added: 0, updated: 4 });
    await callOk(core, 'profiles.activate', { profileId: 'sandbox' });
    expect(await callOk(core, 'dlt.registry')).toEqual({ entityId: null, headers: [], templates: [] });
  });

  it('reads a semicolon export with other column names, and refuses a file without the needed columns, writing nothing', async () => {
    const core = await setup();
    const vilpower = [
      'PE ID;CT ID;Content Template Name;Content Type;Sender IDs;Template Message;Approval Status',
      `${ENTITY};1207162000000000011;Promo;PROMO;500123;"Flat {#var#} off; shop now";Approved`,
      `${ENTITY};1207162000000000012;Bill;Transactional;GLBXIN;Your bill of Rs {#var#} is due on {#var#}.;Approved`,
      '9999999999999999999;1207162000000000013;Other;Transactional;GLBXIN;Other entity {#var#};Approved',
    ].join('\n');
    const report = await callOk(core, 'dlt.importCsv', { text: vilpower });
    expect(report.rows.map((row) => row.outcome)).toEqual(['added', 'added', 'invalid']);
    expect(report.rows[2]?.reason).toMatch(/one principal entity/);
    expect((await callOk(core, 'dlt.registry')).templates.map((template) => template.text)).toEqual([
      'Flat {#var#} off; shop now',
      'Your bill of Rs {#var#} is due on {#var#}.',
    ]);

    const noText = await callOk(core, 'dlt.importCsv', { text: 'Template ID,Header,Category\n1107160000000000099,ACMEIN,Transactional\n' });
    expect(noText).toMatchObject({ missingColumns: ['text'], added: 0, rows: [] });
    expect((await callOk(core, 'dlt.registry')).templates).toHaveLength(2);
  });

  it('is edited by hand: entity ID, headers checked against their category, templates, removals in the right order', async () => {
    const core = await setup();
    expect((await callOk(core, 'dlt.setEntityId', { entityId: ENTITY })).entityId).toBe(ENTITY);
    const badHeader = await core.call('dlt.addHeader', { header: 'ACMEIN', category: 'promotional' });
    expect(badHeader.ok ? null : [badHeader.error.code, badHeader.error.field]).toEqual(['VALIDATION_FAILED', 'header']);
    await callOk(core, 'dlt.addHeader', { header: '567890', category: 'promotional' });
    const saved = await callOk(core, 'dlt.saveTemplate', {
      templateId: '1107161234567890001',
      header: 'ACMENR',
      category: 'transactional',
      text: 'Dear {#var#}, thanks.',
    });
    expect(saved.headers).toContainEqual({ header: 'ACMENR', category: 'transactional' });
    expect(saved.templates).toEqual([
      { templateId: '1107161234567890001', name: '', header: 'ACMENR', category: 'transactional', text: 'Dear {#var#}, thanks.', slots: 1 },
    ]);
    const inUse = await core.call('dlt.removeHeader', { header: 'ACMENR', category: 'transactional' });
    expect(inUse.ok ? null : inUse.error.message).toMatch(/1 template\(s\) use ACMENR/);
    await callOk(core, 'dlt.removeTemplate', { templateId: '1107161234567890001' });
    const after = await callOk(core, 'dlt.removeHeader', { header: 'ACMENR', category: 'transactional' });
    expect(after.headers).toEqual([{ header: '567890', category: 'promotional' }]);
    const badId = await core.call('dlt.saveTemplate', { templateId: 'ABC', header: 'ACMENR', category: 'transactional', text: 'x' });
    expect(badId.ok ? null : badId.error.code).toBe('VALIDATION_FAILED');
    expect((await callOk(core, 'dlt.setEntityId', { entityId: null })).entityId).toBeNull();
  });
});
