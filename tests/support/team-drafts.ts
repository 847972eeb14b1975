import { createRandom } from './random';

/**
 * Campaign drafts as regional teams write them: names and messages in several languages and
 * scripts (Hindi, Arabic, Portuguese, German, Japanese, Swahili, emoji), long texts near the
 * multi-part limit, one to four variants with a default, Indian variants tied to a DLT template,
 * schedules of every kind and budgets in minor units (or none). Deterministic for a seed, so a
 * test asserts against the drafts it generated.
 */

interface GeneratedVariant {
  language: string;
  body: string;
  isDefault: boolean;
  dltTemplateId?: string;
  dltSend?: 'text' | 'stored-template';
}

export interface GeneratedDraft {
  name: string;
  senderId: string;
  routeType: 'promotional' | 'transactional';
  schedule: { kind: 'local'; localDate: string; localTime: string } | { kind: 'instant'; utc: string } | { kind: 'now' };
  quietHours: { mode: 'presets' } | { mode: 'off' };
  budgetMinor: number | null;
  throttlePerMinute: number | null;
  frequencyCapHours: number | null;
  variants: GeneratedVariant[];
}

const NAMES = [
  'Diwali Dhamaka — दिवाली ऑफ़र',
  'Ramadan Kareem 🌙 عروض رمضان',
  'Black Friday — Angebote bis −50 %',
  'Promoção de Verão ☀️ São Paulo',
  '年末セール 2026',
  'Ofa ya Mwezi — Nairobi',
  'Re-engagement (lapsed > 90 days)',
  'Loyalty tier "Gold" / VIP — Q4',
  'Été à Montréal : 2ᵉ article offert',
  'Pongal & Sankranti combo',
];

const TEXTS: Record<string, string[]> = {
  en: [
    'Hi {first_name}, our winter sale starts today: 30% off all jackets until Sunday. Shop at acme.example/w. Reply STOP to opt out.',
    'Your {tier} points expire on 31 Dec. Redeem them in store or online — every 100 points = ₹50 off. Reply STOP to opt out.',
  ],
  hi: [
    'नमस्ते {first_name}, दिवाली सेल आज से शुरू! सभी कपड़ों पर 40% तक की छूट। ऑफ़र रविवार तक। STOP भेजें सदस्यता रद्द करने के लिए।',
    'प्रिय ग्राहक, आपके {tier} पॉइंट्स 31 दिसंबर को समाप्त होंगे। अभी उपयोग करें। STOP भेजें।',
  ],
  ar: [
    'مرحباً {first_name}، عروض رمضان بدأت! خصم ٢٥٪ على جميع المنتجات حتى نهاية الأسبوع. أرسل STOP لإلغاء الاشتراك.',
    'عميلنا العزيز، نقاطك تنتهي في ٣١ ديسمبر. استبدلها الآن 🎁',
  ],
  'pt-BR': [
    'Olá {first_name}! Promoção de verão: 2ª peça com 50% de desconto até domingo. Responda SAIR para não receber mais.',
    'Seus pontos {tier} vencem em 31/12. Troque já na loja ou no app — não perca! Responda SAIR.',
  ],
  de: [
    'Hallo {first_name}, Black Friday bei Acme: bis zu −50 % auf Jacken, Schuhe & Taschen. Nur bis Montag! Abmelden: STOP.',
    'Grüße aus Köln! Ihr Gutschein über 10 € wartet — gültig bis 31.12. Abmelden mit STOP.',
  ],
  ja: ['{first_name}様、年末セール開催中！全品最大30%オフ。日曜日まで。配信停止はSTOPと返信してください。'],
  sw: ['Habari {first_name}! Ofa ya mwezi huu: punguzo la 20% kwa bidhaa zote hadi Jumapili. Jibu STOP kusitisha.'],
};

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

/** `count` drafts for a team; `label` goes into every name so tests can tell batches apart. */
export function teamDrafts(count: number, options: { seed: number; label: string }): GeneratedDraft[] {
  const { next: random } = createRandom(options.seed);
  const languages = Object.keys(TEXTS);
  return Array.from({ length: count }, (_, index) => {
    const chosen = [...languages].sort(() => random() - 0.5).slice(0, 1 + Math.floor(random() * 4));
    const variants = chosen.map((language, position): GeneratedVariant => {
      let body = pick(random, TEXTS[language]!);
      // Some teams paste long terms and conditions: multi-part messages near the 1,600-character mark.
      if (random() < 0.3) body = `${body} ${body} ${body} ${body} ${body}`.slice(0, 1500 + Math.floor(random() * 100));
      return {
        language,
        body,
        isDefault: position === 0,
        ...(language === 'hi' || (language === 'en' && random() < 0.5)
          ? { dltTemplateId: `1107${String(1_000_000_000_000_000 + Math.floor(random() * 1e12)).slice(0, 15)}`, dltSend: 'text' as const }
          : {}),
      };
    });
    const scheduleKind = pick(random, ['local', 'instant', 'now'] as const);
    const day = 1 + Math.floor(random() * 27);
    const schedule =
      scheduleKind === 'local'
        ? { kind: 'local' as const, localDate: `2027-03-${String(day).padStart(2, '0')}`, localTime: pick(random, ['09:30', '10:00', '18:45']) }
        : scheduleKind === 'instant'
          ? { kind: 'instant' as const, utc: `2027-04-${String(day).padStart(2, '0')}T05:30:00.000Z` }
          : { kind: 'now' as const };
    return {
      name: `${pick(random, NAMES)} · ${options.label} ${index + 1}`,
      senderId: pick(random, ['ACMERT', 'ACME', 'AcmeNorth']),
      routeType: pick(random, ['promotional', 'transactional'] as const),
      schedule,
      quietHours: random() < 0.7 ? { mode: 'presets' as const } : { mode: 'off' as const },
      budgetMinor: random() < 0.2 ? null : Math.floor(random() * 5_000_000),
      throttlePerMinute: random() < 0.5 ? null : 60 * (1 + Math.floor(random() * 50)),
      frequencyCapHours: random() < 0.6 ? null : pick(random, [24, 48, 72, 168]),
      variants,
    };
  });
}

/** The fields of a stored draft a generated one sets, for comparing what arrived with what was written. */
export function sharedFieldsOf(draft: GeneratedDraft | Record<string, unknown>) {
  const d = draft as Record<string, unknown>;
  return {
    name: d.name,
    senderId: d.senderId,
    routeType: d.routeType,
    schedule: d.schedule,
    quietHours: d.quietHours,
    budgetMinor: d.budgetMinor,
    throttlePerMinute: d.throttlePerMinute,
    frequencyCapHours: d.frequencyCapHours,
    variants: d.variants,
  };
}
