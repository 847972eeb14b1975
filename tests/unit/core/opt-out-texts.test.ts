import { describe, expect, it } from 'vitest';
import { calls } from '../../../shared/contract';
import { optOutTextFor, SHIPPED_OPT_OUT_TEXTS } from '../../../shared/opt-out-text';
import { OptOutTextsService } from '../../../electron/core/campaigns/opt-out-texts-service';
import { openDatabase } from '../../../electron/core/store/database';
import { SettingsRepository } from '../../../electron/core/store/settings-repository';

describe('opt-out text per language', () => {
  it('follows the variant’s language, its primary tag, then English', () => {
    expect(optOutTextFor('hi', {}).text).toBe(SHIPPED_OPT_OUT_TEXTS['hi']);
    expect(optOutTextFor('HI-IN', {}).text).toBe(SHIPPED_OPT_OUT_TEXTS['hi']);
    expect(optOutTextFor('en-GB', {}).text).toBe('Reply STOP to opt out');
    expect(optOutTextFor('ta', {})).toEqual({ language: 'en', text: 'Reply STOP to opt out' });
    expect(optOutTextFor('ta', { ta: 'விலக STOP என அனுப்பவும்' })).toEqual({ language: 'ta', text: 'விலக STOP என அனுப்பவும்' });
  });

  it('keeps each profile’s own texts in the store, apart from other profiles, and resets to the shipped one', () => {
    const db = openDatabase(':memory:');
    const service = new OptOutTextsService(new SettingsRepository(db));
    expect(service.view('profile-a')).toEqual({ texts: SHIPPED_OPT_OUT_TEXTS, edited: [] });
    service.set('profile-a', 'hi', 'अनसब्सक्राइब करने के लिए STOP लिखें');
    service.set('profile-a', 'ta', 'விலக STOP என அனுப்பவும்');
    expect(service.view('profile-a').texts['hi']).toBe('अनसब्सक्राइब करने के लिए STOP लिखें');
    expect(service.view('profile-a').edited).toEqual(['hi', 'ta']);
    expect(service.view('profile-b')).toEqual({ texts: SHIPPED_OPT_OUT_TEXTS, edited: [] });
    // A new service on the same store (a restart) reads the same texts.
    expect(new OptOutTextsService(new SettingsRepository(db)).view('profile-a').texts['ta']).toBe('விலக STOP என அனுப்பவும்');
    service.set('profile-a', 'hi', null);
    expect(service.view('profile-a').texts['hi']).toBe(SHIPPED_OPT_OUT_TEXTS['hi']);
    expect(service.view('profile-a').edited).toEqual(['ta']);
    db.close();
  });

  it('refuses a text without the STOP keyword and a malformed language at the boundary', () => {
    const input = calls['messageSettings.setOptOutText'].input;
    expect(input.safeParse({ language: 'hi', text: 'कृपया जवाब दें' }).success).toBe(false);
    expect(input.safeParse({ language: 'h1!', text: 'Reply STOP' }).success).toBe(false);
    expect(input.safeParse({ language: 'pt-BR', text: 'Responda STOP para sair' })).toMatchObject({ success: true, data: { language: 'pt-br' } });
  });
});
