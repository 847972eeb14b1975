import type { ComponentType } from 'react';
import type { ProfileRole } from '../shared/contract';
import { ApprovalsScreen } from './features/approvals/ApprovalsScreen';
import { AudiencesScreen } from './features/audiences/AudiencesScreen';
import { CampaignsScreen } from './features/campaigns/CampaignsScreen';
import { DltRegistryScreen } from './features/dlt/DltRegistryScreen';
import { ProfilesScreen } from './features/profiles/ProfilesScreen';
import { SpendScreen } from './features/spend/SpendScreen';
import { CreditsHistoryScreen } from './features/subaccounts/CreditsHistoryScreen';
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
  { id: 'credits-history', label: 'Credits history', roles: ['parent'], component: CreditsHistoryScreen },
  { id: 'spend', label: 'Spend', roles: ['parent'], component: SpendScreen },
  { id: 'approvals', label: 'Approvals', roles: ['parent'], component: ApprovalsScreen },
  { id: 'campaigns', label: 'Campaigns', roles: ['parent', 'subaccount'], component: CampaignsScreen },
  { id: 'audiences', label: 'Audiences', roles: ['parent', 'subaccount'], component: AudiencesScreen },
  { id: 'profiles', label: 'Profiles', roles: ['parent', 'subaccount'], component: ProfilesScreen },
  { id: 'dlt', label: 'DLT (India)', roles: ['parent', 'subaccount'], component: DltRegistryScreen },
];

export function screensFor(role: ProfileRole | null): ScreenEntry[] {
  return screens.filter((screen) => role !== null && screen.roles.includes(role));
}
