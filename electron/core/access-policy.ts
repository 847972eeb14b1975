import type { Access, ProfileRole } from '../../shared/contract';

export function isAllowed(access: Access, role: ProfileRole | null): boolean {
  switch (access) {
    case 'anyone':
      return true;
    case 'parent-only':
      return role === 'parent';
  }
}
