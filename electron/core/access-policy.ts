import type { CallName, ProfileRole } from '../../shared/contract';

export type Access = 'anyone' | 'parent-only';

/**
 * Who may make each call. The main side decides; the renderer only hides what it cannot use.
 * A `Record` over every call name, so a new call does not compile until its access is chosen.
 */
export const callAccess: Record<CallName, Access> = {
  'app.info': 'anyone',
  'profiles.list': 'anyone',
  'profiles.activate': 'anyone',
  'subaccounts.list': 'parent-only',
  'sync.status': 'anyone',
  'sync.now': 'anyone',
};

export function isAllowed(access: Access, role: ProfileRole | null): boolean {
  switch (access) {
    case 'anyone':
      return true;
    case 'parent-only':
      return role === 'parent';
  }
}
