/**
 * A Campaign Desk core in its own process whose sandbox profile has joined a team workspace, for
 * crash tests: started, it follows the workspace as the app does (a round at once), then runs one
 * more round explicitly and reports on stdout, one JSON line per event. The parent kills it with
 * SIGKILL wherever it likes and starts it again on the same data folder.
 *
 *   npx tsx tests/integration/workspace/child/workspace-sync-child.ts '<json config>'
 */
import { z } from 'zod';
import { SANDBOX_PROFILE_ID } from '../../../../electron/core/profiles/profiles-service';
import { callOk, startTestCore } from '../../app/support';

const config = z
  .object({
    dataDir: z.string(),
    account: z.object({ url: z.string(), sid: z.string(), apiKey: z.string(), name: z.string(), role: z.enum(['parent', 'subaccount']) }),
  })
  .parse(JSON.parse(process.argv[2] ?? '{}'));

const say = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);

const core = await startTestCore(config.dataDir, config.account);
say({ event: 'started' });
const summary = await callOk(core, 'workspace.syncNow', { profileId: SANDBOX_PROFILE_ID });
say({ event: 'synced', summary });
core.close();
process.exit(0);
