import fc from 'fast-check';
import { SegmentedMessage } from 'sms-segments-calculator';
import { describe, expect, it } from 'vitest';
import { analyzeSms, countSmsSegments, isGsmCharacter, SMS_LIMITS } from '../../../shared/sms';

const GSM_BASIC = [...'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'];
const GSM_EXTENSION = [...'\f^{}\\[~]|€'];
const LOOKALIKES = ['\u2018', '\u2019', '\u201C', '\u201D', '\u2013', '\u2014', '\u00A0', '\u2026', 'ç', '`'];
const OTHER_SCRIPTS = [...'Приветмир', ...'नमस्तेदुनियाक्षत्र', ...'مرحبا', ...'안녕하세요', 'e\u0301', '\u0301', '\u200D'];
const EMOJI = ['😀', '🎉', '👍🏽', '🏽', '👨‍👩‍👧‍👦', '❤️', '❤️‍🔥', '🇮🇳', '🇺', '#️⃣', '🏴󠁧󠁢󠁥󠁮󠁧󠁿', '🫶🏼', '🧑‍💻'];

interface PeerView {
  encoding: string;
  segments: number;
  unitsUsed: number;
  unitsLeft: number;
  nonGsm: readonly string[];
}

function peer(text: string): PeerView {
  const message = new SegmentedMessage(text);
  const last = message.segments[message.segments.length - 1];
  const unitBits = message.encodingName === 'GSM-7' ? 7 : 16;
  return {
    encoding: message.encodingName,
    segments: message.segmentsCount,
    unitsUsed: message.encodedChars.reduce((sum, encoded) => sum + encoded.codeUnits.length, 0),
    unitsLeft: Math.max(0, Math.floor((last?.freeSizeInBits() ?? 0) / unitBits)),
    nonGsm: [...new Set(message.getNonGsmCharacters())],
  };
}

function ours(text: string): PeerView {
  const { encoding, segments, unitsUsed, unitsLeft, nonGsm } = analyzeSms(text);
  return { encoding, segments, unitsUsed, unitsLeft, nonGsm };
}

const messageFrom = (tokens: readonly string[], maxLength: number) =>
  fc.array(fc.constantFrom(...tokens), { minLength: 1, maxLength }).map((parts) => parts.join(''));

describe('analyzeSms agrees with sms-segments-calculator', () => {
  it('classifies every UTF-16 code unit the same way', () => {
    const disagreements: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const character = String.fromCharCode(code);
      const peerIsGsm = new SegmentedMessage(character).encodingName === 'GSM-7';
      if (peerIsGsm !== isGsmCharacter(character)) disagreements.push(code.toString(16));
      if (peerIsGsm !== (analyzeSms(character).encoding === 'GSM-7')) disagreements.push(code.toString(16));
    }
    expect(disagreements).toEqual([]);
  });

  it('on random GSM-7 messages drawn from both tables', () => {
    fc.assert(
      fc.property(messageFrom([...GSM_BASIC, ...GSM_EXTENSION, '\r\n'], 480), (text) => {
        expect(ours(text)).toEqual(peer(text));
      }),
      { numRuns: 400 },
    );
  });

  it('on random messages mixing GSM, look-alikes, other scripts and emoji', () => {
    fc.assert(
      fc.property(messageFrom([...GSM_BASIC, ...GSM_EXTENSION, ...LOOKALIKES, ...OTHER_SCRIPTS, ...EMOJI], 220), (text) => {
        expect(ours(text)).toEqual(peer(text));
      }),
      { numRuns: 400 },
    );
  });

  it('on arbitrary strings, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }), (text) => {
        expect(ours(text)).toEqual(peer(text));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: 200 }), (text) => {
        expect(ours(text)).toEqual(peer(text));
      }),
      { numRuns: 300 },
    );
  });

  it('around every segment boundary', () => {
    const fillers = ['a', '€', 'Ж', '😀', '👨‍👩‍👧‍👦'];
    const lengths = [1, 66, 67, 68, 69, 70, 71, 72, 133, 134, 135, 152, 153, 154, 159, 160, 161, 162, 305, 306, 307, 308, 459, 460];
    for (const filler of fillers) {
      for (const length of lengths) {
        for (const prefix of ['', 'a', 'Ж', 'ab']) {
          const text = prefix + filler.repeat(Math.ceil(length / filler.length));
          expect(ours(text), `${JSON.stringify(prefix)} + ${filler} × ${length}`).toEqual(peer(text));
        }
      }
    }
  });
});

describe('analyzeSms rules', () => {
  it('fits 160 GSM-7 characters in one segment and 153 per part after that', () => {
    expect(analyzeSms('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', segments: 1, unitsLeft: 0 });
    expect(analyzeSms('a'.repeat(161))).toMatchObject({ segments: 2, unitsUsed: 161, unitsLeft: 2 * 153 - 161 });
    expect(analyzeSms('a'.repeat(306)).segments).toBe(2);
    expect(analyzeSms('a'.repeat(307)).segments).toBe(3);
    expect(SMS_LIMITS['GSM-7']).toEqual({ single: 160, perPart: 153 });
  });

  it('fits 70 UCS-2 characters in one segment and 67 per part after that', () => {
    expect(analyzeSms('Ж'.repeat(70))).toMatchObject({ encoding: 'UCS-2', segments: 1, unitsLeft: 0 });
    expect(analyzeSms('Ж'.repeat(71))).toMatchObject({ segments: 2, unitsLeft: 2 * 67 - 71 });
    expect(analyzeSms('Ж'.repeat(134)).segments).toBe(2);
    expect(analyzeSms('Ж'.repeat(135)).segments).toBe(3);
  });

  it('counts extension characters and form feed as two septets', () => {
    for (const character of ['^', '{', '}', '[', ']', '~', '|', '€', '\\', '\f']) {
      expect(analyzeSms(character), character).toMatchObject({ encoding: 'GSM-7', unitsUsed: 2, characters: 1 });
    }
    expect(analyzeSms('€'.repeat(80)).segments).toBe(1);
    expect(analyzeSms('€'.repeat(81)).segments).toBe(2);
  });

  it('never splits an escape pair across segments', () => {
    // 152 septets then an escape pair: the pair would straddle septets 153-154 of part one.
    const text = 'a'.repeat(152) + '€' + 'a'.repeat(10);
    const result = analyzeSms(text);
    expect(result.segments).toBe(2);
    // Part one keeps 152 septets (one septet wasted), part two holds the pair and ten letters.
    expect(result.unitsLeft).toBe(153 - 12);
  });

  it('never splits a surrogate pair or an emoji sequence across segments', () => {
    // 66 + 2 + 3 = 71 units: part one shrinks to 67 and the emoji moves whole to part two.
    const text = 'Ж'.repeat(66) + '😀' + 'ЖЖЖ';
    expect(analyzeSms(text)).toMatchObject({ segments: 2, unitsUsed: 71, unitsLeft: 67 - 5 });
    const family = '👨‍👩‍👧‍👦';
    const withFamily = 'Ж'.repeat(60) + family;
    expect(analyzeSms(withFamily)).toMatchObject({ segments: 2, unitsLeft: 67 - family.length });
  });

  it('switches the whole message to UCS-2 and names what forced it, once each', () => {
    const result = analyzeSms('Don\u2019t miss it \u2013 50% off\u00A0today! Don\u2019t wait');
    expect(result.encoding).toBe('UCS-2');
    expect(result.nonGsm).toEqual(['\u2019', '\u2013', '\u00A0']);
    expect(analyzeSms('plain text').nonGsm).toEqual([]);
  });

  it('counts characters as people see them', () => {
    expect(analyzeSms('👨‍👩‍👧‍👦').characters).toBe(1);
    expect(analyzeSms('❤️‍🔥').characters).toBe(1);
    expect(analyzeSms('🇮🇳🇫🇷').characters).toBe(2);
    expect(analyzeSms('e\u0301').characters).toBe(1);
    expect(analyzeSms('a\r\nb').characters).toBe(3);
    expect(analyzeSms('€uro').characters).toBe(4);
    // न + म + स्ते (a conjunct: Unicode 15.1 keeps it whole) or न + म + स् + ते under older rules.
    expect([3, 4]).toContain(analyzeSms('नमस्ते').characters);
  });

  it('counts segments alone exactly as the full analysis does', () => {
    fc.assert(
      fc.property(fc.oneof(messageFrom([...GSM_BASIC, ...GSM_EXTENSION, ...LOOKALIKES, ...OTHER_SCRIPTS, ...EMOJI], 400), fc.constant('')), (text) => {
        expect(countSmsSegments(text)).toBe(analyzeSms(text).segments);
      }),
      { numRuns: 1000 },
    );
  });

  it('reports an empty text as no segments', () => {
    expect(analyzeSms('')).toEqual({
      encoding: 'GSM-7',
      segments: 0,
      characters: 0,
      unitsUsed: 0,
      unitsLeft: 160,
      nonGsm: [],
    });
  });

  it('needs as many segments as the ceiling rule says for uniform texts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), fc.boolean(), (length, unicode) => {
        const result = analyzeSms((unicode ? 'Ж' : 'a').repeat(length));
        const { single, perPart } = SMS_LIMITS[unicode ? 'UCS-2' : 'GSM-7'];
        expect(result.segments).toBe(length <= single ? 1 : Math.ceil(length / perPart));
      }),
      { numRuns: 500 },
    );
  });
});

describe('characters agrees with the platform grapheme segmenter', () => {
  const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
  const platformCount = (text: string) => [...segmenter.segment(text)].length;
  const INDIC = [...'कखगघचजटडतदनपबमयरलवशषसहक़ािीुूेैोौंःँ़्', ...'অআকখগ্িা', ...'કખ્ા', ...'ଅକ୍ା', ...'అక్ా', ...'അക്ാ'];

  it('on random text from every table, script and emoji family', () => {
    fc.assert(
      fc.property(
        messageFrom([...GSM_BASIC, ...GSM_EXTENSION, ...LOOKALIKES, ...OTHER_SCRIPTS, ...EMOJI, ...INDIC, '\u200D', '\uFE0F', '🏿', '\r\n'], 120),
        (text) => {
          expect(analyzeSms(text).characters).toBe(platformCount(text));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('on conjuncts and emoji sequences', () => {
    for (const text of ['क्षत्रिय', 'স্ত্রী', 'ક્ષ', 'ଷ୍ଟ', 'స్త్రీ', 'ന്റെ', 'क़्ष', '🧑🏽‍🚀', '👩‍❤️‍💋‍👨', '🏳️‍🌈', '🫱🏻‍🫲🏿', '🇮🇳🇮🇳🇮']) {
      expect(analyzeSms(text).characters, text).toBe(platformCount(text));
    }
  });
});
