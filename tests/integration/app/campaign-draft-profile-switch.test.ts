import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallName, DeskBridge, DeskEvent } from '../../../shared/contract';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/profiles-service';
import { callOk, prepaidParent, startTestCore, startTestSandbox, tempDir } from './support';

/**
 * The renderer's stores against a real core (real SQLite file, real sandbox over HTTP): the core
 * stands in for `window.desk`, the bridge the preload or the browser host gives the page.
 *
 * The stores are loaded at run time by path: their modules use the DOM's types (window, fetch's
 * EventSource…), which the Node-typed test project does not include, so only the few members used
 * here are typed, below.
 */
interface StoresUnderTest {
  editor: {
    useCampaignsStore: {
      getState(): {
        openId: string | null;
        saveState: string;
        create(name: string): Promise<string | null>;
        edit(patch: { name?: string; senderId?: string }): void;
        profileChanged(): void;
      };
    };
  };
  profiles: { useProfilesStore: { getState(): { activate(profileId: string): Promise<void>; error: string | null } } };
}

const SUB_PROFILE_ID = `${SANDBOX_PROFILE_ID}-sub`;
const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
  vi.unstubAllGlobals();
  vi.resetModules();
});

async function setup() {
  const sandbox = await startTestSandbox();
  open.push(sandbox);
  const parent = prepaidParent(sandbox);
  const north = parent.subaccounts.find((sub) => sub.name === 'AcmeNorth' && sub.status === 'active');
  if (!north) throw new Error('the sandbox seeded no active AcmeNorth');
  const core = await startTestCore(tempDir('desk-draft-switch-'), { url: sandbox.url, sid: parent.sid, apiKey: parent.apiKey, name: parent.name }, false, [
    { profileId: SUB_PROFILE_ID, role: 'subaccount', url: sandbox.url, sid: north.sid, apiKey: north.apiKey, name: north.name },
  ]);
  open.push(core);
  const bridge: DeskBridge = {
    call: (name: CallName, payload: unknown) => core.call(name, payload),
    onEvent: (listener: (event: DeskEvent) => void) => core.onEvent(listener),
  };
  vi.stubGlobal('window', { desk: bridge });
  const load = (path: string) => import(/* @vite-ignore */ path);
  const stores = {
    editor: await load('../../../renderer/features/campaigns/campaigns-store'),
    profiles: await load('../../../renderer/features/profiles/profiles-store'),
  } as StoresUnderTest;
  // As App.tsx routes it: the editor hears that another profile is active.
  core.onEvent((event) => {
    if (event.name === 'profiles.changed') stores.editor.useCampaignsStore.getState().profileChanged();
  });
  return { core, stores };
}

describe('the campaign editor across a profile switch', () => {
  it('saves the last keystrokes of a draft to its own profile when the user switches profile before the autosave ran', async () => {
    const { core, stores } = await setup();
    const editor = stores.editor.useCampaignsStore;
    expect(await editor.getState().create('Diwali offer')).toBeNull();
    const draftId = editor.getState().openId;
    expect(draftId).not.toBeNull();

    // Typed, then the profile menu at once: the 400 ms autosave has not run when the switch starts.
    editor.getState().edit({ name: 'Diwali offer — Mumbai & Pune, ends Sunday', senderId: 'ACMERT' });
    expect(editor.getState().saveState).toBe('pending');
    await stores.profiles.useProfilesStore.getState().activate(SUB_PROFILE_ID);
    expect(stores.profiles.useProfilesStore.getState().error).toBeNull();

    // The draft belongs to the parent: the editor leaves it, and nothing of it went to AcmeNorth.
    await expect.poll(() => editor.getState().openId).toBeNull();
    expect(await callOk(core, 'campaigns.list')).toEqual([]);

    await callOk(core, 'profiles.activate', { profileId: SANDBOX_PROFILE_ID });
    const saved = await callOk(core, 'campaigns.get', { id: draftId! });
    expect({ name: saved.name, senderId: saved.senderId }).toEqual({ name: 'Diwali offer — Mumbai & Pune, ends Sunday', senderId: 'ACMERT' });
  });
});
