import type { ComponentType } from 'react';
import type { ProfileRole } from '../shared/contract';
import { SubaccountsScreen } from './features/subaccounts/SubaccountsScreen';

export interface ScreenEntry {
  id: string;
  label: string;
  /** Which profiles see it in the navigation. The main process enforces access again on every call. */
  roles: readonly ProfileRole[];
  component: ComponentType;
}

/** The navigation, in order. A feature adds its screen here. */
export const screens: readonly ScreenEntry[] = [
  { id: 'subaccounts', label: 'Sub-accounts', roles: ['parent'], component: SubaccountsScreen },
];

export function screensFor(role: ProfileRole | null): ScreenEntry[] {
  return screens.filter((screen) => role !== null && screen.roles.includes(role));
}
