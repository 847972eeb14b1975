import { z } from 'zod';
import type { OptOutTextsView } from '../../../shared/calls/message-settings';
import { SHIPPED_OPT_OUT_TEXTS } from '../../../shared/opt-out-text';
import type { SettingsRepository } from '../store/settings-repository';

/** What is stored per profile: only the languages it changed or added. */
const storedTexts = z.record(z.string().max(16), z.string().max(160));

/**
 * The opt-out texts of each profile, in the desktop's settings (key per profile). A stored value
 * that does not parse (written by a newer or broken version) counts as no edits, never as a crash.
 */
export class OptOutTextsService {
  constructor(private readonly settings: SettingsRepository) {}

  view(profileId: string): OptOutTextsView {
    const own = this.read(profileId);
    return { texts: { ...SHIPPED_OPT_OUT_TEXTS, ...own }, edited: Object.keys(own).sort() };
  }

  /** `text: null` goes back to the shipped text (or removes a language the profile added). */
  set(profileId: string, language: string, text: string | null): OptOutTextsView {
    const others = Object.entries(this.read(profileId)).filter(([key]) => key !== language);
    const reset = text === null || text === SHIPPED_OPT_OUT_TEXTS[language];
    this.settings.set(keyOf(profileId), JSON.stringify(Object.fromEntries(reset ? others : [...others, [language, text]])));
    return this.view(profileId);
  }

  private read(profileId: string): Record<string, string> {
    const raw = this.settings.get(keyOf(profileId));
    if (raw === undefined) return {};
    try {
      const parsed = storedTexts.safeParse(JSON.parse(raw));
      return parsed.success ? { ...parsed.data } : {};
    } catch {
      return {};
    }
  }
}

const keyOf = (profileId: string) => `opt-out-texts:${profileId}`;
