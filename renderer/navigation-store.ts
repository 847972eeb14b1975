import { create } from 'zustand';

interface NavigationSlice {
  screenId: string | null;
  show(screenId: string): void;
}

export const useNavigationStore = create<NavigationSlice>((set) => ({
  screenId: null,
  show: (screenId) => set({ screenId }),
}));
