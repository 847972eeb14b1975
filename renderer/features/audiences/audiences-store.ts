import { create } from 'zustand';
import type { AudienceDetail, AudiencePreview, AudienceView, ColumnMappingInput } from '../../../shared/calls/audiences';
import type { EventPayload } from '../../../shared/contract';
import { call, uploadFile } from '../../lib/desk';
import { errorMessage, fieldOfError } from '../../lib/error-message';

export type ImportProgressView = EventPayload<'audiences.importProgress'>;

/** Where the import flow is: choosing a file, mapping its columns, importing, or done. */
export type ImportStep =
  | { step: 'closed' }
  | { step: 'choose'; busy: boolean; error: string | null }
  | { step: 'map'; preview: AudiencePreview; error: string | null; field: string | null; busy: boolean }
  | { step: 'importing'; audienceId: string; fileName: string; progress: ImportProgressView | null; cancelling: boolean; estimatedRows: number | null }
  | { step: 'report'; audienceId: string };

interface AudiencesSlice {
  audiences: AudienceView[];
  loaded: boolean;
  error: string | null;
  selectedId: string | null;
  detail: AudienceDetail | null;
  flow: ImportStep;
  load(): Promise<void>;
  select(audienceId: string | null): Promise<void>;
  openImport(): void;
  closeImport(): void;
  chooseFile(file: File): Promise<void>;
  startImport(input: { name: string; mapping: ColumnMappingInput; defaultCountry: string | null }): Promise<void>;
  cancelImport(): Promise<void>;
  remove(audienceId: string): Promise<void>;
  onProgress(progress: ImportProgressView): void;
  onChanged(audienceId: string | null): void;
  /** Another profile is active: its audiences are another set. */
  profileChanged(): void;
}

export const useAudiencesStore = create<AudiencesSlice>((set, get) => ({
  audiences: [],
  loaded: false,
  error: null,
  selectedId: null,
  detail: null,
  flow: { step: 'closed' },

  async load() {
    try {
      set({ audiences: await call('audiences.list', {}), loaded: true, error: null });
    } catch (failure) {
      set({ loaded: true, error: errorMessage(failure) });
    }
  },

  async select(audienceId) {
    set({ selectedId: audienceId, detail: audienceId === null ? null : get().detail?.id === audienceId ? get().detail : null });
    if (audienceId === null) return;
    try {
      const detail = await call('audiences.get', { audienceId });
      if (get().selectedId === audienceId) set({ detail });
    } catch (failure) {
      set({ error: errorMessage(failure), selectedId: null, detail: null });
    }
  },

  openImport: () => set({ flow: { step: 'choose', busy: false, error: null } }),
  closeImport: () => set({ flow: { step: 'closed' } }),

  async chooseFile(file) {
    set({ flow: { step: 'choose', busy: true, error: null } });
    try {
      const { uploadId } = await uploadFile(file);
      const preview = await call('audiences.preview', { uploadId });
      set({ flow: { step: 'map', preview, error: null, field: null, busy: false } });
    } catch (failure) {
      set({ flow: { step: 'choose', busy: false, error: errorMessage(failure) } });
    }
  },

  async startImport(input) {
    const flow = get().flow;
    if (flow.step !== 'map') return;
    set({ flow: { ...flow, busy: true, error: null, field: null } });
    try {
      const { audienceId } = await call('audiences.import', { uploadId: flow.preview.uploadId, ...input });
      const current = get().flow;
      // The import may already have finished (a small file) before this answer arrived.
      if (current.step === 'map')
        set({
          flow: {
            step: 'importing',
            audienceId,
            fileName: flow.preview.fileName,
            progress: null,
            cancelling: false,
            estimatedRows: flow.preview.rowsExact ? null : flow.preview.estimatedRows,
          },
        });
      void get().load();
      void finishIfSettled(audienceId);
    } catch (failure) {
      set({ flow: { ...flow, busy: false, error: errorMessage(failure), field: fieldOfError(failure) } });
    }
  },

  async cancelImport() {
    const flow = get().flow;
    if (flow.step !== 'importing') return;
    set({ flow: { ...flow, cancelling: true } });
    try {
      await call('audiences.cancelImport', { audienceId: flow.audienceId });
      set({ flow: { step: 'choose', busy: false, error: null } });
    } catch (failure) {
      set({ error: errorMessage(failure) });
    }
    void get().load();
  },

  async remove(audienceId) {
    try {
      await call('audiences.delete', { audienceId });
      if (get().selectedId === audienceId) set({ selectedId: null, detail: null });
      await get().load();
    } catch (failure) {
      set({ error: errorMessage(failure) });
    }
  },

  onProgress(progress) {
    const flow = get().flow;
    if (flow.step === 'importing' && flow.audienceId === progress.audienceId) set({ flow: { ...flow, progress } });
  },

  profileChanged() {
    set({ selectedId: null, detail: null, flow: { step: 'closed' }, error: null });
    void get().load();
  },

  onChanged(audienceId) {
    void get().load();
    if (audienceId === null) return;
    const flow = get().flow;
    if (flow.step === 'importing' && flow.audienceId === audienceId) void finishIfSettled(audienceId);
    else if (get().selectedId === audienceId) void get().select(audienceId);
  },
}));

/** When the audience being imported leaves `importing`, show its report (or why it failed). */
async function finishIfSettled(audienceId: string): Promise<void> {
  const store = useAudiencesStore.getState();
  try {
    const detail = await call('audiences.get', { audienceId });
    if (detail.status === 'importing') return;
    const flow = useAudiencesStore.getState().flow;
    if (flow.step !== 'importing' || flow.audienceId !== audienceId) return;
    useAudiencesStore.setState({ flow: { step: 'report', audienceId }, selectedId: audienceId, detail });
  } catch {
    // Cancelled and deleted meanwhile: the cancel path already moved the flow on.
    void store.load();
  }
}
