/**
 * Grapheme clusters, two ways.
 *
 *  - The peer's clusters: sms-segments-calculator keeps each grapheme whole inside a segment and
 *    cuts graphemes with grapheme-splitter's Unicode 10 rules. To agree with it exactly, this
 *    module ports that rule chain, quirks included, over the generated Unicode 10 table.
 *  - What a person sees: current UAX #29 rules (Indic conjuncts, any emoji ZWJ sequence,
 *    modifiers on any emoji), for the composer's character count. Intl.Segmenter knows them
 *    too but costs ~40 µs per message, far too slow for a million bodies.
 */
import { GRAPHEME_BREAK_RANGES, GraphemeBreak, NEWER_EXTEND_RANGES } from './data/grapheme-break-unicode10';

export const {
  CR,
  LF,
  Control,
  Extend,
  Regional_Indicator: RegionalIndicator,
  SpacingMark,
  L,
  V,
  T,
  LV,
  LVT,
  Other,
  Prepend,
  E_Base: EBase,
  E_Modifier: EModifier,
  ZWJ,
  Glue_After_Zwj: GlueAfterZwj,
  E_Base_GAZ: EBaseGaz,
} = GraphemeBreak;

/** The peer's (Unicode 10) property of every BMP code unit. */
export const BMP_BREAK: Uint8Array = new Uint8Array(0x10000).fill(Other);
const SUPPLEMENTARY_RANGES: number[] = [];
for (let index = 0; index < GRAPHEME_BREAK_RANGES.length; index += 3) {
  const first = GRAPHEME_BREAK_RANGES[index] ?? 0;
  const last = GRAPHEME_BREAK_RANGES[index + 1] ?? 0;
  const property = GRAPHEME_BREAK_RANGES[index + 2] ?? Other;
  if (first <= 0xffff) BMP_BREAK.fill(property, first, Math.min(last, 0xffff) + 1);
  if (last > 0xffff) SUPPLEMENTARY_RANGES.push(Math.max(first, 0x10000), last, property);
}

export function breakPropertyOf(codePoint: number): number {
  if (codePoint <= 0xffff) return BMP_BREAK[codePoint] ?? Other;
  let low = 0;
  let high = SUPPLEMENTARY_RANGES.length / 3 - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const first = SUPPLEMENTARY_RANGES[middle * 3] ?? 0;
    const last = SUPPLEMENTARY_RANGES[middle * 3 + 1] ?? 0;
    if (codePoint < first) high = middle - 1;
    else if (codePoint > last) low = middle + 1;
    else return SUPPLEMENTARY_RANGES[middle * 3 + 2] ?? Other;
  }
  return Other;
}

export function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

export function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The code point starting at `index` (a lone surrogate stands for itself). */
export function codePointAt(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (isHighSurrogate(code) && index + 1 < text.length) {
    const next = text.charCodeAt(index + 1);
    if (isLowSurrogate(next)) return (code - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000;
  }
  return code;
}

/** Properties of the current cluster so far plus the candidate: [start, ...mid, next]. */
let clusterProperties = new Int32Array(64);

function lastIndexIn(count: number, property: number): number {
  for (let index = count - 1; index >= 0; index--) if (clusterProperties[index] === property) return index;
  return -1;
}

function allEqualIn(from: number, to: number, property: number): boolean {
  for (let index = from; index < to; index++) if (clusterProperties[index] !== property) return false;
  return true;
}

/**
 * Whether a cluster boundary falls before the last entry of `clusterProperties[0..count)`.
 * This is grapheme-splitter's rule chain (UAX #29, Unicode 10), quirks included, because
 * agreeing with the peer matters more here than newer emoji rules.
 */
function breaksBeforeLast(count: number): boolean {
  const start = clusterProperties[0] ?? Other;
  const previous = clusterProperties[count - 2] ?? Other;
  const next = clusterProperties[count - 1] ?? Other;

  const modifierIndex = lastIndexIn(count, EModifier);
  if (modifierIndex > 1 && allEqualIn(1, modifierIndex, Extend) && start !== Extend && start !== EBase && start !== EBaseGaz) {
    return true;
  }
  const regionalIndex = lastIndexIn(count, RegionalIndicator);
  if (regionalIndex > 0 && allEqualIn(1, regionalIndex, RegionalIndicator) && previous !== Prepend && previous !== RegionalIndicator) {
    return true;
  }
  if (previous === CR && next === LF) return false;
  if (previous === Control || previous === CR || previous === LF) return true;
  if (next === Control || next === CR || next === LF) return true;
  if (previous === L && (next === L || next === V || next === LV || next === LVT)) return false;
  if ((previous === LV || previous === V) && (next === V || next === T)) return false;
  if ((previous === LVT || previous === T) && next === T) return false;
  if (next === Extend || next === ZWJ || next === SpacingMark) return false;
  if (previous === Prepend) return false;

  const lastExtend = lastIndexIn(count, Extend);
  const previousNonExtend = lastExtend >= 0 ? lastExtend - 1 : count - 2;
  const beforeExtends = previousNonExtend >= 0 ? clusterProperties[previousNonExtend] : undefined;
  if ((beforeExtends === EBase || beforeExtends === EBaseGaz) && allEqualIn(previousNonExtend + 1, count - 1, Extend) && next === EModifier) {
    return false;
  }
  if (previous === ZWJ && (next === GlueAfterZwj || next === EBaseGaz)) return false;
  for (let index = 1; index < count - 1; index++) if (clusterProperties[index] === RegionalIndicator) return true;
  if (previous === RegionalIndicator && next === RegionalIndicator) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// What a person sees: current Unicode grapheme rules (conjuncts such as क्ष, any emoji ZWJ
// sequence, modifiers on any emoji), which the peer's Unicode 10 rules predate. Intl.Segmenter
// knows them too but costs ~40 µs per message, far too slow for a million bodies.

/** Devanagari, Bengali, Gujarati, Oriya, Telugu and Malayalam viramas (InCB=Linker). */
const CONJUNCT_LINKERS = [0x094d, 0x09cd, 0x0acd, 0x0b4d, 0x0c4d, 0x0d4d] as const;
/** InCB=Consonant ranges (pairs, inclusive) of the same six scripts. */
const CONJUNCT_CONSONANTS = [
  0x0915, 0x0939, 0x0958, 0x095f, 0x0978, 0x097f, 0x0995, 0x09a8, 0x09aa, 0x09b0, 0x09b2, 0x09b2, 0x09b6, 0x09b9, 0x09dc, 0x09dd, 0x09df, 0x09df, 0x09f0,
  0x09f1, 0x0a95, 0x0aa8, 0x0aaa, 0x0ab0, 0x0ab2, 0x0ab3, 0x0ab5, 0x0ab9, 0x0af9, 0x0af9, 0x0b15, 0x0b28, 0x0b2a, 0x0b30, 0x0b32, 0x0b33, 0x0b35, 0x0b39,
  0x0b5c, 0x0b5d, 0x0b5f, 0x0b5f, 0x0b71, 0x0b71, 0x0c15, 0x0c28, 0x0c2a, 0x0c39, 0x0c58, 0x0c5a, 0x0d15, 0x0d3a,
] as const;

const CONJUNCT_FIRST = 0x0900;
const CONJUNCT_CONSONANT_FLAG = 1;
const CONJUNCT_LINKER_FLAG = 2;
/** Conjunct roles of U+0900–U+0D7F, looked up per code unit in Indic text. */
const CONJUNCT_ROLE = new Uint8Array(0x0d80 - CONJUNCT_FIRST);
for (let index = 0; index < CONJUNCT_CONSONANTS.length; index += 2) {
  const first = CONJUNCT_CONSONANTS[index] ?? CONJUNCT_FIRST;
  const last = CONJUNCT_CONSONANTS[index + 1] ?? first;
  CONJUNCT_ROLE.fill(CONJUNCT_CONSONANT_FLAG, first - CONJUNCT_FIRST, last - CONJUNCT_FIRST + 1);
}
for (const linker of CONJUNCT_LINKERS) CONJUNCT_ROLE[linker - CONJUNCT_FIRST] = CONJUNCT_LINKER_FLAG;

function conjunctRole(codePoint: number): number {
  const offset = codePoint - CONJUNCT_FIRST;
  return offset >= 0 && offset < CONJUNCT_ROLE.length ? (CONJUNCT_ROLE[offset] ?? 0) : 0;
}

export function isConjunctConsonant(codePoint: number): boolean {
  return conjunctRole(codePoint) === CONJUNCT_CONSONANT_FLAG;
}

export function isConjunctLinker(codePoint: number): boolean {
  return conjunctRole(codePoint) === CONJUNCT_LINKER_FLAG;
}

const EXTENDED_PICTOGRAPHIC = /^\p{Extended_Pictographic}$/u;

/** Unicode 10 properties brought up to date: newer combining marks and every emoji modifier extend. */
let modernBmpBreak: Uint8Array | undefined;

/** Current-rule properties of every BMP code unit, built on first use. */
export function modernBmpTable(): Uint8Array {
  modernBmpBreak ??= buildModernBmpTable();
  return modernBmpBreak;
}

function modernBreakPropertyOf(codePoint: number): number {
  if (codePoint <= 0xffff) {
    modernBmpBreak ??= buildModernBmpTable();
    return modernBmpBreak[codePoint] ?? Other;
  }
  return modernized(breakPropertyOf(codePoint), codePoint);
}

function modernized(property: number, codePoint: number): number {
  if (property === EModifier) return Extend;
  if (property === EBase || property === EBaseGaz || property === GlueAfterZwj) return Other;
  if (property === Other && isNewerExtend(codePoint)) return Extend;
  return property;
}

function isNewerExtend(codePoint: number): boolean {
  let low = 0;
  let high = NEWER_EXTEND_RANGES.length / 2 - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (codePoint < (NEWER_EXTEND_RANGES[middle * 2] ?? 0)) high = middle - 1;
    else if (codePoint > (NEWER_EXTEND_RANGES[middle * 2 + 1] ?? 0)) low = middle + 1;
    else return true;
  }
  return false;
}

function buildModernBmpTable(): Uint8Array {
  const table = BMP_BREAK.slice();
  for (let code = 0; code < 0x10000; code++) {
    const property = table[code];
    if (property === EModifier) table[code] = Extend;
    else if (property === EBase || property === EBaseGaz || property === GlueAfterZwj) table[code] = Other;
  }
  for (let index = 0; index < NEWER_EXTEND_RANGES.length; index += 2) {
    const first = NEWER_EXTEND_RANGES[index] ?? 0;
    const last = NEWER_EXTEND_RANGES[index + 1] ?? first;
    if (first <= 0xffff) table.fill(Extend, first, Math.min(last, 0xffff) + 1);
  }
  return table;
}

function isHangulJoin(previous: number, next: number): boolean {
  if (previous === L) return next === L || next === V || next === LV || next === LVT;
  if (previous === LV || previous === V) return next === V || next === T;
  return (previous === LVT || previous === T) && next === T;
}

export const CONJUNCT_NONE = 0;
export const CONJUNCT_AFTER_CONSONANT = 1;
export const CONJUNCT_AFTER_LINKER = 2;

/** Counts extended grapheme clusters under current Unicode rules (UAX #29, GB1–GB999). */
export function countGraphemes(text: string): number {
  let count = 0;
  let previous = -1;
  let lastBase = -1;
  let zwjAfterPictographic = false;
  let regionalRun = 0;
  let conjunct = CONJUNCT_NONE;
  for (let index = 0; index < text.length; index++) {
    const codePoint = codePointAt(text, index);
    if (codePoint > 0xffff) index++;
    const property = modernBreakPropertyOf(codePoint);

    let joins: boolean;
    if (previous === -1) joins = false;
    else if (previous === CR) joins = property === LF;
    else if (previous === Control || previous === LF) joins = false;
    else if (property === Control || property === CR || property === LF) joins = false;
    else if (isHangulJoin(previous, property)) joins = true;
    else if (property === Extend || property === ZWJ || property === SpacingMark) joins = true;
    else if (previous === Prepend) joins = true;
    else if (conjunct === CONJUNCT_AFTER_LINKER && isConjunctConsonant(codePoint)) joins = true;
    else if (previous === ZWJ && zwjAfterPictographic) joins = EXTENDED_PICTOGRAPHIC.test(String.fromCodePoint(codePoint));
    else joins = previous === RegionalIndicator && property === RegionalIndicator && regionalRun % 2 === 1;
    if (!joins) count++;

    zwjAfterPictographic = property === ZWJ && lastBase >= 0 && EXTENDED_PICTOGRAPHIC.test(String.fromCodePoint(lastBase));
    if (property !== Extend) lastBase = property === ZWJ ? -1 : codePoint;
    regionalRun = property === RegionalIndicator ? regionalRun + 1 : 0;
    if (isConjunctConsonant(codePoint)) conjunct = CONJUNCT_AFTER_CONSONANT;
    else if (conjunct !== CONJUNCT_NONE && isConjunctLinker(codePoint)) conjunct = CONJUNCT_AFTER_LINKER;
    else if (conjunct === CONJUNCT_NONE || (property !== Extend && property !== ZWJ)) conjunct = CONJUNCT_NONE;
    previous = property;
  }
  return count;
}

/**
 * Properties for which grapheme-splitter's rules reduce to GB9/GB9a (join only before Extend
 * or SpacingMark) as long as the cluster holds no emoji modifier or regional indicator.
 */
const PLAIN_PROPERTY = new Uint8Array(32);
for (const property of [Other, Extend, SpacingMark, EBase, EBaseGaz, GlueAfterZwj]) PLAIN_PROPERTY[property] = 1;

/** End (exclusive UTF-16 offset) of the peer's grapheme cluster starting at `start`. */
export function clusterEndFrom(text: string, start: number): number {
  const length = text.length;
  // The peer treats a cluster starting on the last code unit as complete.
  if (start >= length - 1) return length;
  const startProperty = breakPropertyOf(codePointAt(text, start));
  clusterProperties[0] = startProperty;
  let count = 1;
  let plain = PLAIN_PROPERTY[startProperty] === 1;
  for (let index = start + 1; index < length; index++) {
    if (isHighSurrogate(text.charCodeAt(index - 1)) && isLowSurrogate(text.charCodeAt(index))) continue;
    const property = breakPropertyOf(codePointAt(text, index));
    if (plain && PLAIN_PROPERTY[property] === 1) {
      if (property !== Extend && property !== SpacingMark) return index;
    } else {
      plain = false;
      if (count + 1 > clusterProperties.length) {
        const grown = new Int32Array(clusterProperties.length * 2);
        grown.set(clusterProperties);
        clusterProperties = grown;
      }
      clusterProperties[count] = property;
      if (breaksBeforeLast(count + 1)) return index;
    }
    clusterProperties[count] = property;
    count++;
    if (count >= clusterProperties.length) {
      const grown = new Int32Array(clusterProperties.length * 2);
      grown.set(clusterProperties);
      clusterProperties = grown;
    }
  }
  return length;
}

/** An emoji or other astral character that neither joins nor is joined by plain neighbours. */
export function isStandaloneSupplementary(codePoint: number): boolean {
  const property = breakPropertyOf(codePoint);
  return (property === Other || property === EBase || property === EBaseGaz || property === GlueAfterZwj) && modernBreakPropertyOf(codePoint) === Other;
}

export function breaksEverything(property: number): boolean {
  return property === Control || property === CR || property === LF;
}
