import { create } from 'zustand';
import type { DltImportReport } from '../../../shared/calls/dlt';
import type { CallInput } from '../../../shared/contract';
import type { DltRegistryView } from '../../../shared/dlt/registry';
import { call } from '../../lib/desk';
import { fieldFailureOf, stateFromRead, type FieldFailure } from '../../lib/error-message';

export type DltFailure = FieldFailure;

interface DltSlice {
  registry: DltRegistryView | null;
  loadError: string | null;
  importing: boolean;
  report: DltImportReport | null;
  load(): Promise<void>;
  /** Each edit resolves to null on success, or the failure with the field it concerns. */
  setEntityId(entityId: string | null): Promise<DltFailure | null>;
  addHeader(input: CallInput<'dlt.addHeader'>): Promise<DltFailure | null>;
  removeHeader(input: CallInput<'dlt.removeHeader'>): Promise<DltFailure | null>;
  saveTemplate(input: CallInput<'dlt.saveTemplate'>): Promise<DltFailure | null>;
  removeTemplate(templateId: string): Promise<DltFailure | null>;
  importCsv(text: string): Promise<DltFailure | null>;
}

export const useDltStore = create<DltSlice>((set) => {
  const edit = async (work: () => Promise<DltRegistryView>): Promise<DltFailure | null> => {
    try {
      set({ registry: await work() });
      return null;
    } catch (error) {
      return fieldFailureOf(error);
    }
  };
  return {
    registry: null,
    loadError: null,
    importing: false,
    report: null,
    load: async () =>
      set(
        await stateFromRead(
          call('dlt.registry', {}),
          (registry) => ({ registry, loadError: null }),
          (loadError) => ({ loadError }),
        ),
      ),
    setEntityId: (entityId) => edit(() => call('dlt.setEntityId', { entityId })),
    addHeader: (input) => edit(() => call('dlt.addHeader', input)),
    removeHeader: (input) => edit(() => call('dlt.removeHeader', input)),
    saveTemplate: (input) => edit(() => call('dlt.saveTemplate', input)),
    removeTemplate: (templateId) => edit(() => call('dlt.removeTemplate', { templateId })),
    async importCsv(text) {
      set({ importing: true, report: null });
      try {
        const report = await call('dlt.importCsv', { text });
        set({ report, registry: await call('dlt.registry', {}) });
        return null;
      } catch (error) {
        return fieldFailureOf(error);
      } finally {
        set({ importing: false });
      }
    },
  };
});
