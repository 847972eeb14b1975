/**
 * SMS encoding and segment counting, the basis of every unit Kaleyra charges.
 *
 * Segmentation follows Twilio's reference calculator (npm `sms-segments-calculator`) exactly:
 * a message is GSM-7 when every character is in the GSM 03.38 basic or extension table,
 * otherwise the whole message is UCS-2; a segment is 140 octets (1120 bits), and once a
 * message needs more than one segment each segment also carries a 6-octet user data header.
 * A grapheme (an escape pair, a surrogate pair, an emoji sequence) is never split across two
 * segments. Graphemes are cut with the same Unicode 10 rules the peer uses (the generated table
 * in shared/data), so both agree on every message.
 *
 * Speed matters (a million personalised bodies per campaign), so the common cases are a single
 * pass over char codes with no allocation.
 */
import {
  BMP_BREAK,
  breaksEverything,
  clusterEndFrom,
  CONJUNCT_AFTER_CONSONANT,
  CONJUNCT_AFTER_LINKER,
  CONJUNCT_NONE,
  Control,
  countGraphemes,
  CR,
  Extend,
  isConjunctConsonant,
  isConjunctLinker,
  isHighSurrogate,
  isLowSurrogate,
  isStandaloneSupplementary,
  LF,
  modernBmpTable,
  Other,
  SpacingMark,
} from './math-graphemes';

export { countGraphemes } from './math-graphemes';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsAnalysis {
  readonly encoding: SmsEncoding;
  /** Number of SMS parts; each part is one charged unit. 0 for an empty text. */
  readonly segments: number;
  /** Characters a person sees (extended grapheme clusters; CR LF counts as one). */
  readonly characters: number;
  /** Encoded size in the encoding's code units: GSM-7 septets (extension characters take 2), or UTF-16 units. */
  readonly unitsUsed: number;
  /** How many more code units fit before another segment starts. */
  readonly unitsLeft: number;
  /** The distinct characters that forced UCS-2, in order of first appearance (empty for GSM-7). */
  readonly nonGsm: readonly string[];
}

/** Kaleyra's and the GSM standard's per-segment capacities, in characters of each encoding. */
export const SMS_LIMITS = {
  'GSM-7': { single: 160, perPart: 153 },
  'UCS-2': { single: 70, perPart: 67 },
} as const satisfies Record<SmsEncoding, { single: number; perPart: number }>;

const SEGMENT_BITS = 140 * 8;
const HEADER_BITS = 6 * 8;
const SEPTET_BITS = 7;
const UCS2_UNIT_BITS = 16;

const GSM_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' + '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Reached through the escape code, so each costs two septets. */
const GSM_EXTENSION = '\f^{}\\[~]|€';

/** Septets per UTF-16 code unit: 0 = not in GSM-7, 1 = basic table, 2 = extension table. */
const GSM_SEPTETS: Uint8Array = buildGsmTable();

function buildGsmTable(): Uint8Array {
  // A full 64 Ki table: every UTF-16 unit indexes it directly, with no bounds branch in the hot loop.
  const table = new Uint8Array(0x10000);
  for (const ch of GSM_BASIC) table[ch.charCodeAt(0)] = 1;
  for (const ch of GSM_EXTENSION) table[ch.charCodeAt(0)] = 2;
  return table;
}

function gsmSeptets(code: number): number {
  return GSM_SEPTETS[code] ?? 0;
}

/** True when the character (one UTF-16 unit) can be sent in GSM-7. */
export function isGsmCharacter(character: string): boolean {
  return character.length === 1 && gsmSeptets(character.charCodeAt(0)) > 0;
}

const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** Shared by every GSM-7 result: a million analyses should not allocate a million empty lists. */
const NO_CHARACTERS: readonly string[] = Object.freeze([]);

const EMPTY_ANALYSIS: SmsAnalysis = Object.freeze({
  encoding: 'GSM-7',
  segments: 0,
  characters: 0,
  unitsUsed: 0,
  unitsLeft: SMS_LIMITS['GSM-7'].single,
  nonGsm: NO_CHARACTERS,
});

export function analyzeSms(text: string): SmsAnalysis {
  const length = text.length;
  if (length === 0) return EMPTY_ANALYSIS;

  let septets = 0;
  let crlfPairs = 0;
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    const width = GSM_SEPTETS[code] ?? 0;
    if (width === 0) return analyzeUcs2(text);
    septets += width;
    if (code === LINE_FEED && index > 0 && text.charCodeAt(index - 1) === CARRIAGE_RETURN) crlfPairs++;
  }

  let segments: number;
  let unitsLeft: number;
  if (septets === length) {
    // Basic table only: every character is one septet, so the sizes are arithmetic.
    const { single, perPart } = SMS_LIMITS['GSM-7'];
    segments = length <= single ? 1 : Math.ceil(length / perPart);
    unitsLeft = segments === 1 ? single - length : segments * perPart - length;
  } else {
    ({ segments, unitsLeft } = packGsmWithEscapes(text));
  }
  return { encoding: 'GSM-7', segments, characters: length - crlfPairs, unitsUsed: septets, unitsLeft, nonGsm: NO_CHARACTERS };
}

/**
 * Only the number of segments (what Kaleyra charges), equal to `analyzeSms(text).segments`
 * but without building the analysis: for charging and estimating in bulk.
 */
export function countSmsSegments(text: string): number {
  const length = text.length;
  if (length === 0) return 0;
  let septets = 0;
  for (let index = 0; index < length; index++) {
    const width = GSM_SEPTETS[text.charCodeAt(index)] ?? 0;
    if (width === 0) return analyzeUcs2(text).segments;
    septets += width;
  }
  if (septets !== length) return packGsmWithEscapes(text).segments;
  const { single, perPart } = SMS_LIMITS['GSM-7'];
  return length <= single ? 1 : Math.ceil(length / perPart);
}

/** Packs GSM-7 text with extension characters, whose escape pairs must stay in one segment. */
function packGsmWithEscapes(text: string): { segments: number; unitsLeft: number } {
  let segments = 1;
  let segmentBits = 0;
  for (let index = 0; index < text.length; index++) {
    const bits = gsmSeptets(text.charCodeAt(index)) * SEPTET_BITS;
    if (SEGMENT_BITS - segmentBits < bits) {
      segments++;
      segmentBits = segments === 2 ? HEADER_BITS + bitsMovedFromFirstGsmSegment(text, index, segmentBits) : HEADER_BITS;
    }
    segmentBits += bits;
  }
  return { segments, unitsLeft: Math.max(0, Math.floor((SEGMENT_BITS - segmentBits) / SEPTET_BITS)) };
}

/**
 * When a message first overflows, the first segment gains its header and gives up trailing
 * characters until it fits again; they open the second segment. Returns their size in bits.
 */
function bitsMovedFromFirstGsmSegment(text: string, overflowIndex: number, firstSegmentBits: number): number {
  let bits = firstSegmentBits + HEADER_BITS;
  let moved = 0;
  for (let index = overflowIndex - 1; bits > SEGMENT_BITS && index >= 0; index--) {
    const size = gsmSeptets(text.charCodeAt(index)) * SEPTET_BITS;
    bits -= size;
    moved += size;
  }
  return moved;
}

// ---------------------------------------------------------------------------------------------
// UCS-2: the peer's graphemes decide where a segment may end.

/** Starts (UTF-16 offsets) of the segmentation items, plus a final entry equal to the text length. */
let itemStarts = new Int32Array(256);

/**
 * Code units that form a grapheme on their own under both the peer's and current rules and
 * cannot join a neighbour (Cyrillic, Greek, CJK, Arabic letters, typographic punctuation…).
 */
let standaloneUnit: Uint8Array | undefined;

function buildStandaloneUnits(): Uint8Array {
  const table = new Uint8Array(0x10000);
  const modern = modernBmpTable();
  for (let code = 0; code < 0x10000; code++) {
    if (isHighSurrogate(code) || isLowSurrogate(code)) continue;
    if (BMP_BREAK[code] === Other && modern[code] === Other && !isConjunctConsonant(code)) table[code] = 1;
  }
  table[LINE_FEED] = 1;
  table[CARRIAGE_RETURN] = 1;
  return table;
}

/** UCS-2 text whose every unit stands alone: one 16-bit item per unit, so the sizes are arithmetic. */
function analyzeStandaloneUcs2(text: string, standalone: Uint8Array): SmsAnalysis | undefined {
  const length = text.length;
  const stamp = nextUnitStamp();
  const nonGsm: string[] = [];
  let characters = 0;
  // Items are only recorded once a surrogate pair makes their sizes uneven.
  let itemCount = -1;
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    if (standalone[code] === 1) {
      if (itemCount >= 0) itemStarts[itemCount++] = index;
      if (seenUnitStamp[code] !== stamp && gsmSeptets(code) === 0) {
        seenUnitStamp[code] = stamp;
        nonGsm.push(String.fromCharCode(code));
      }
      // CR LF is one character for people, two items for the peer.
      if (code !== LINE_FEED || index === 0 || text.charCodeAt(index - 1) !== CARRIAGE_RETURN) characters++;
      continue;
    }
    if (!isHighSurrogate(code) || index + 1 >= length) return undefined;
    const low = text.charCodeAt(index + 1);
    if (!isLowSurrogate(low)) return undefined;
    if (!isStandaloneSupplementary((code - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000)) return undefined;
    if (itemCount < 0) {
      for (let before = 0; before < index; before++) itemStarts[before] = before;
      itemCount = index;
    }
    itemStarts[itemCount++] = index;
    const pair = text.slice(index, index + 2);
    if (!nonGsm.includes(pair)) nonGsm.push(pair);
    index++;
    characters++;
  }
  if (itemCount >= 0) {
    itemStarts[itemCount] = length;
    return ucs2Result(text, itemCount, characters, nonGsm);
  }
  // One 16-bit item per unit: the sizes are arithmetic.
  const { single, perPart } = SMS_LIMITS['UCS-2'];
  const segments = length <= single ? 1 : Math.ceil(length / perPart);
  const unitsLeft = segments === 1 ? single - length : segments * perPart - length;
  return { encoding: 'UCS-2', segments, characters, unitsUsed: length, unitsLeft, nonGsm };
}

function analyzeUcs2(text: string): SmsAnalysis {
  standaloneUnit ??= buildStandaloneUnits();
  const length = text.length;
  if (itemStarts.length < length + 1) itemStarts = new Int32Array(Math.max(length + 1, itemStarts.length * 2));
  return analyzeStandaloneUcs2(text, standaloneUnit) ?? analyzeCombiningUcs2(text) ?? analyzeAnyUcs2(text);
}

/** Units that are plain letters, combining or spacing marks, or controls under both rule sets (Indic scripts, accents). */
let combiningPlainUnit: Uint8Array | undefined;

function buildCombiningPlainUnits(): Uint8Array {
  const table = new Uint8Array(0x10000);
  const modern = modernBmpTable();
  const allowed = new Set<number>([Other, Extend, SpacingMark, Control, CR, LF]);
  for (let code = 0; code < 0x10000; code++) {
    if (isHighSurrogate(code) || isLowSurrogate(code)) continue;
    const peer = BMP_BREAK[code] ?? Other;
    const current = modern[code] ?? Other;
    if (allowed.has(peer) && allowed.has(current)) table[code] = 1;
  }
  return table;
}

/**
 * Text made of letters, marks and controls only: under both rule sets a cluster is a base
 * followed by marks, so clusters, segment items and visible characters come from one pass.
 */
function analyzeCombiningUcs2(text: string): SmsAnalysis | undefined {
  combiningPlainUnit ??= buildCombiningPlainUnits();
  const modern = modernBmpTable();
  const length = text.length;
  let itemCount = 0;
  let characters = 0;
  let previousPeer = -1;
  let previousCurrent = -1;
  let conjunct = CONJUNCT_NONE;
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    if (combiningPlainUnit[code] !== 1) return undefined;
    const peer = BMP_BREAK[code] ?? Other;
    const current = modern[code] ?? Other;

    const peerBreak = previousPeer === -1 || peer === Other || breaksEverything(peer) || breaksEverything(previousPeer);
    if (peerBreak) itemStarts[itemCount++] = index;

    const joinsCurrent =
      previousCurrent !== -1 &&
      ((previousCurrent === CR && current === LF) ||
        (!breaksEverything(previousCurrent) &&
          !breaksEverything(current) &&
          (current === Extend || current === SpacingMark || (conjunct === CONJUNCT_AFTER_LINKER && isConjunctConsonant(code)))));
    if (!joinsCurrent) characters++;

    if (isConjunctConsonant(code)) conjunct = CONJUNCT_AFTER_CONSONANT;
    else if (conjunct !== CONJUNCT_NONE && isConjunctLinker(code)) conjunct = CONJUNCT_AFTER_LINKER;
    else if (current !== Extend) conjunct = CONJUNCT_NONE;
    previousPeer = peer;
    previousCurrent = current;
  }
  itemStarts[itemCount] = length;
  return ucs2Result(text, itemCount, characters, nonGsmFromItems(text, itemCount));
}

/** Anything else (emoji, Hangul, regional indicators, lone surrogates): the peer's full rule chain. */
function analyzeAnyUcs2(text: string): SmsAnalysis {
  const length = text.length;
  let itemCount = 0;
  let clusterStart = 0;
  while (clusterStart < length) {
    const clusterEnd = clusterEndFrom(text, clusterStart);
    itemStarts[itemCount++] = clusterStart;
    // The peer sends CR and LF as two separate characters.
    if (clusterEnd - clusterStart === 2 && text.charCodeAt(clusterStart) === CARRIAGE_RETURN) {
      itemStarts[itemCount++] = clusterStart + 1;
    }
    clusterStart = clusterEnd;
  }
  itemStarts[itemCount] = length;
  return ucs2Result(text, itemCount, countGraphemes(text), nonGsmFromItems(text, itemCount));
}

const seenShortItems = new Set<number>();
const seenLongItems = new Set<string>();
/** Per-call marks for single code units: a unit was seen in this call when its stamp equals the call's. */
const seenUnitStamp = new Uint32Array(0x10000);
let currentStamp = 0;

function nextUnitStamp(): number {
  currentStamp = (currentStamp + 1) >>> 0;
  if (currentStamp === 0) {
    seenUnitStamp.fill(0);
    currentStamp = 1;
  }
  return currentStamp;
}

/**
 * The peer's graphemes (the items in `itemStarts`) that are not a single GSM-7 character,
 * distinct, in order. Items of one or two code units are de-duplicated by number so that only
 * first occurrences become strings.
 */
function nonGsmFromItems(text: string, itemCount: number): string[] {
  const nonGsm: string[] = [];
  seenShortItems.clear();
  seenLongItems.clear();
  const stamp = nextUnitStamp();
  for (let item = 0; item < itemCount; item++) {
    const start = itemStarts[item] ?? 0;
    const end = itemStarts[item + 1] ?? start;
    const first = text.charCodeAt(start);
    if (end - start === 1) {
      if (gsmSeptets(first) > 0 || seenUnitStamp[first] === stamp) continue;
      seenUnitStamp[first] = stamp;
      nonGsm.push(String.fromCharCode(first));
    } else if (end - start === 2) {
      const key = first * 0x10000 + text.charCodeAt(start + 1);
      if (seenShortItems.has(key)) continue;
      seenShortItems.add(key);
      nonGsm.push(text.slice(start, end));
    } else {
      const cluster = text.slice(start, end);
      if (seenLongItems.has(cluster)) continue;
      seenLongItems.add(cluster);
      nonGsm.push(cluster);
    }
  }
  return nonGsm;
}

/** Packs the items recorded in `itemStarts` into segments exactly as the peer does. */
function ucs2Result(text: string, itemCount: number, characters: number, nonGsm: readonly string[]): SmsAnalysis {
  let segments = 1;
  let segmentBits = 0;
  for (let item = 0; item < itemCount; item++) {
    const bits = ((itemStarts[item + 1] ?? 0) - (itemStarts[item] ?? 0)) * UCS2_UNIT_BITS;
    if (SEGMENT_BITS - segmentBits < bits) {
      segments++;
      if (segments === 2) {
        let firstBits = segmentBits + HEADER_BITS;
        let moved = 0;
        for (let back = item - 1; firstBits > SEGMENT_BITS && back >= 0; back--) {
          const size = ((itemStarts[back + 1] ?? 0) - (itemStarts[back] ?? 0)) * UCS2_UNIT_BITS;
          firstBits -= size;
          moved += size;
        }
        segmentBits = HEADER_BITS + moved;
      } else {
        segmentBits = HEADER_BITS;
      }
    }
    segmentBits += bits;
  }
  return {
    encoding: 'UCS-2',
    segments,
    characters,
    unitsUsed: text.length,
    unitsLeft: Math.max(0, Math.floor((SEGMENT_BITS - segmentBits) / UCS2_UNIT_BITS)),
    nonGsm,
  };
}
