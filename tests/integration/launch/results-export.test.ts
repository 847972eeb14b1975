import { describe, expect, it } from 'vitest';
import {
  callOk,
  closedAfterEach,
  draftCampaign,
  ENGLISH_AND_HINDI_VARIANTS,
  launch,
  pullFinalStatuses,
  seedAudience,
  startLaunchRig,
  waitUntilSent,
} from './support';

const open = closedAfterEach();

/** The sandbox fails delivery by the last four digits: 0000 ABSENT-SUB … 0004 EXPIRED; the rest are delivered. */
const KOLKATA = [
  { phone: '+919810000000', language: 'en' }, // ABSENT-SUB
  { phone: '+919820000000', language: 'hi' }, // ABSENT-SUB
  { phone: '+919810000001', language: null }, // MOB-OFF
  { phone: '+919810000002', language: 'en' }, // INV-NUMBER
  { phone: '+919810000105', language: 'hi' }, // delivered
];
const DUBAI = [
  { phone: '+919830000000', language: 'en' }, // ABSENT-SUB
  { phone: '+919810000003', language: 'hi' }, // NET-ERR
  { phone: '+919810000004', language: null }, // EXPIRED
  { phone: '+919810000115', language: 'en' }, // delivered
];

describe('undelivered reasons and the per-recipient results export', () => {
  it('counts undelivered messages by trace reason per wave and exports one neutralised CSV line per recipient', async () => {
    const { sandbox, dataDir, core } = await startLaunchRig(open, { dataDirPrefix: 'results-core-', synced: true });
    // Two zones give two waves; all numbers are Indian so the one rate applies.
    const audienceId = seedAudience(dataDir, [
      ...KOLKATA.map((r) => ({ ...r, country: 'IN', zone: 'Asia/Kolkata' })),
      ...DUBAI.map((r) => ({ ...r, country: 'IN', zone: 'Asia/Dubai' })),
    ]);
    const campaign = await draftCampaign(core, audienceId, { variants: ENGLISH_AND_HINDI_VARIANTS });
    await launch(core, campaign.id);
    await waitUntilSent(core, campaign.id);
    await pullFinalStatuses(core, sandbox);

    const progress = await callOk(core, 'campaigns.progress', { id: campaign.id });
    expect(progress.totals).toMatchObject({ delivered: 2, undelivered: 7 });
    expect(progress.undeliveredByReason).toEqual([
      { reason: 'ABSENT-SUB', count: 3 },
      { reason: 'EXPIRED', count: 1 },
      { reason: 'INV-NUMBER', count: 1 },
      { reason: 'MOB-OFF', count: 1 },
      { reason: 'NET-ERR', count: 1 },
    ]);
    const waveIn = (zone: string) => progress.waves.find((wave) => wave.zone === zone)!;
    expect(waveIn('Asia/Kolkata').undeliveredByReason).toEqual([
      { reason: 'ABSENT-SUB', count: 2 },
      { reason: 'INV-NUMBER', count: 1 },
      { reason: 'MOB-OFF', count: 1 },
    ]);
    expect(waveIn('Asia/Dubai').undeliveredByReason).toEqual([
      { reason: 'ABSENT-SUB', count: 1 },
      { reason: 'EXPIRED', count: 1 },
      { reason: 'NET-ERR', count: 1 },
    ]);

    const exported = await callOk(core, 'campaigns.exportResults', { id: campaign.id });
    expect(exported.fileName).toBe('Spring-sale-results.csv');
    expect(exported.rows).toBe(9);
    // Recipients with no language get the default (en) variant; a phone (only + and digits) is not a formula, so it stays as it is.
    const line = (waveNo: number, r: { phone: string; language: string | null }, status: string, reason: string, charged: string) =>
      `${r.phone},${waveNo},${r.language ?? 'en'},${status},${reason},${charged}`;
    const kolkata = waveIn('Asia/Kolkata').waveNo;
    const dubai = waveIn('Asia/Dubai').waveNo;
    const byWave = [
      [
        kolkata,
        [
          line(kolkata, KOLKATA[0]!, 'UnDelivered', 'ABSENT-SUB', '0.00'),
          line(kolkata, KOLKATA[1]!, 'UnDelivered', 'ABSENT-SUB', '0.00'),
          line(kolkata, KOLKATA[2]!, 'UnDelivered', 'MOB-OFF', '0.00'),
          line(kolkata, KOLKATA[3]!, 'UnDelivered', 'INV-NUMBER', '0.00'),
          line(kolkata, KOLKATA[4]!, 'Delivered', 'DELIVERED', '0.25'),
        ],
      ],
      [
        dubai,
        [
          line(dubai, DUBAI[0]!, 'UnDelivered', 'ABSENT-SUB', '0.00'),
          line(dubai, DUBAI[1]!, 'UnDelivered', 'NET-ERR', '0.00'),
          line(dubai, DUBAI[2]!, 'UnDelivered', 'EXPIRED', '0.00'),
          line(dubai, DUBAI[3]!, 'Delivered', 'DELIVERED', '0.25'),
        ],
      ],
    ] as const;
    const expectedLines = [...byWave].sort((a, b) => a[0] - b[0]).flatMap(([, lines]) => lines);
    expect(exported.csv).toBe(['phone,wave,variant,status,trace_reason,charged_INR', ...expectedLines].join('\r\n') + '\r\n');
  });
});
