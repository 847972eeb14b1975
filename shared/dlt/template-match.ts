/**
 * Matching a rendered SMS against a DLT content template: registered text in which each `{#var#}`
 * marks a variable part. Operators drop a message whose text does not match, so the live check
 * reports exactly what differs: per literal (text that is not the registered wording) and per
 * slot (a variable that overflows or holds characters it may not), as ranges of the body.
 */

/** How a variable is written in registered DLT text. */
export const DLT_SLOT = '{#var#}';
/** The most characters (code points) one variable may hold. */
export const DLT_SLOT_MAX_CHARS = 30;

export type DltTemplatePart = { kind: 'literal'; text: string } | { kind: 'slot'; index: number };

/** Literals and slots of a registered text, in order (a literal may be empty between two slots). */
export function templateParts(registered: string): DltTemplatePart[] {
  const pieces = registered.split(DLT_SLOT);
  const parts: DltTemplatePart[] = [];
  pieces.forEach((text, index) => {
    if (text !== '') parts.push({ kind: 'literal', text });
    if (index < pieces.length - 1) parts.push({ kind: 'slot', index });
  });
  return parts;
}

export function slotCount(registered: string): number {
  return registered.split(DLT_SLOT).length - 1;
}

/** Range of the body, in UTF-16 offsets [start, end), as the renderer highlights it. */
export interface BodyRange {
  start: number;
  end: number;
}

export type DltMismatch =
  /** Body text where the registered wording was expected (end === start: registered text is missing there). */
  | { kind: 'literal'; literal: number; range: BodyRange; expected: string }
  /** The part of a slot beyond its 30 characters. */
  | { kind: 'slot-overflow'; slot: number; range: BodyRange; length: number }
  /** Characters a slot may not hold (line breaks and other control characters). */
  | { kind: 'slot-characters'; slot: number; range: BodyRange };

export interface DltMatch {
  matches: boolean;
  /** Where each slot's value sits in the body (best alignment when it does not match). */
  slots: BodyRange[];
  mismatches: DltMismatch[];
}

const DISALLOWED_IN_SLOT = /\p{Cc}/u;

function escapeRegExp(text: string): string {
  // Under the `u` flag only syntax characters may be escaped (`\-` is an error there).
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const compiledTemplates = new Map<string, RegExp>();
const COMPILED_CACHE_LIMIT = 500;

/** The registered text as an anchored regex whose slots carry their own limits. */
function templateRegExp(registered: string): RegExp {
  let compiled = compiledTemplates.get(registered);
  if (!compiled) {
    const source = registered.split(DLT_SLOT).map(escapeRegExp).join(`([^\\p{Cc}]{0,${DLT_SLOT_MAX_CHARS}})`);
    compiled = new RegExp(`^${source}$`, 'u');
    if (compiledTemplates.size >= COMPILED_CACHE_LIMIT) compiledTemplates.clear();
    compiledTemplates.set(registered, compiled);
  }
  return compiled;
}

/** Whether `body` matches `registered` (one regex: no alignment, nothing allocated). */
export function matchesDltTemplate(registered: string, body: string): boolean {
  return templateRegExp(registered).test(body);
}

/**
 * Whether `body` is `registered` with every slot filled by at most 30 allowed characters and,
 * when it is not, what differs. Matching is exact for the literal wording (case and spacing
 * count, as operators compare them).
 */
export function matchDltTemplate(registered: string, body: string): DltMatch {
  const exact = templateRegExp(registered).exec(body);
  if (exact) {
    const slots: BodyRange[] = [];
    let offset = 0;
    const pieces = registered.split(DLT_SLOT);
    pieces.forEach((literal, index) => {
      offset += literal.length;
      if (index < pieces.length - 1) {
        const value = exact[index + 1] ?? '';
        slots.push({ start: offset, end: offset + value.length });
        offset += value.length;
      }
    });
    return { matches: true, slots, mismatches: [] };
  }
  return diagnose(registered, body);
}

const relaxedTemplates = new Map<string, RegExp>();

/**
 * When the registered wording is all there and only slots break their limits (too long, or a line
 * break inside), those slot problems; null when the wording itself differs. Cheap (one regex, no
 * alignment), so a check of a million personalised texts can afford it for every failing one.
 */
export function slotOnlyMismatches(registered: string, body: string): DltMismatch[] | null {
  let relaxed = relaxedTemplates.get(registered);
  if (!relaxed) {
    relaxed = new RegExp(`^${registered.split(DLT_SLOT).map(escapeRegExp).join('([\\s\\S]*?)')}$`, 'u');
    if (relaxedTemplates.size >= COMPILED_CACHE_LIMIT) relaxedTemplates.clear();
    relaxedTemplates.set(registered, relaxed);
  }
  const found = relaxed.exec(body);
  if (!found) return null;
  const problems: DltMismatch[] = [];
  let offset = 0;
  const pieces = registered.split(DLT_SLOT);
  pieces.forEach((literal, index) => {
    offset += literal.length;
    if (index < pieces.length - 1) {
      const value = found[index + 1] ?? '';
      problems.push(...slotProblems(body, { start: offset, end: offset + value.length }, index));
      offset += value.length;
    }
  });
  return problems;
}

type Token = { slot: number } | { literal: number; char: string; offsetInLiteral: number };

function tokensOf(registered: string): { tokens: Token[]; literals: string[] } {
  const pieces = registered.split(DLT_SLOT);
  const tokens: Token[] = [];
  pieces.forEach((literal, index) => {
    for (let offset = 0; offset < literal.length; offset += 1) tokens.push({ literal: index, char: literal[offset] ?? '', offsetInLiteral: offset });
    if (index < pieces.length - 1) tokens.push({ slot: index });
  });
  return { tokens, literals: pieces };
}

/**
 * Every wrong literal character (substituted, missing or extra) costs LITERAL_EDIT; a character a
 * slot absorbs costs SLOT_CHAR. So the alignment first makes the fewest literal errors, then, among
 * those, lets slots absorb as little as possible: a changed character next to a slot is reported as
 * a changed character, not swallowed by the slot with the registered one "missing" elsewhere.
 * Starting a run of extra or missing characters costs GAP_OPEN more than going on with one, so
 * "shipped today." against "shipped." reads as " today" added, not as "d to" and "ay" (affine gaps,
 * Gotoh's three states).
 */
const LITERAL_EDIT = 1_000;
const SLOT_CHAR = 1;
const GAP_OPEN = 10;
const NONE = 0xffff_ffff;
/** Beyond this many cells (body × template) the texts are too far apart to align usefully (and it would take ~60 MB). */
const MAX_ALIGNMENT_CELLS = 4_000_000;

/**
 * The three ways a cell of the alignment can end: D consumed a token (match, substitution, slot), E an extra body
 * character, F a missing template character.
 */
const D = 0;
const E = 1;
const F = 2;
/** In a slot row, D came from the same row: the slot absorbed one more character. */
const SLOT_TAKES = 3;

/** The alignment's three cost planes and back-pointers; `best` / `gap` leave their answer in `state` and `cost` (no allocation per cell). */
class Alignment {
  readonly costD: Uint32Array;
  readonly costE: Uint32Array;
  readonly costF: Uint32Array;
  readonly from: [Uint8Array, Uint8Array, Uint8Array];
  state = D;
  cost = NONE;

  constructor(cells: number) {
    this.costD = new Uint32Array(cells).fill(NONE);
    this.costE = new Uint32Array(cells).fill(NONE);
    this.costF = new Uint32Array(cells).fill(NONE);
    this.from = [new Uint8Array(cells), new Uint8Array(cells), new Uint8Array(cells)];
  }

  /** The cheapest state of a cell; on a tie D, then E, then F. */
  best(cell: number): void {
    const d = this.costD[cell] ?? NONE;
    const e = this.costE[cell] ?? NONE;
    const f = this.costF[cell] ?? NONE;
    this.state = D;
    this.cost = d;
    if (e < this.cost) {
      this.state = E;
      this.cost = e;
    }
    if (f < this.cost) {
      this.state = F;
      this.cost = f;
    }
  }

  /** Entering gap state E or F at the next cell: going on with the gap, or opening one from the other two states. */
  gap(cell: number, gapState: 1 | 2): void {
    const going = gapState === E ? (this.costE[cell] ?? NONE) : (this.costF[cell] ?? NONE);
    const d = this.costD[cell] ?? NONE;
    const other = gapState === E ? (this.costF[cell] ?? NONE) : (this.costE[cell] ?? NONE);
    const open = d <= other ? d : other;
    const openCost = open === NONE ? NONE : open + GAP_OPEN;
    if (going !== NONE && going <= openCost) {
      this.state = gapState;
      this.cost = going + LITERAL_EDIT;
    } else if (openCost === NONE) {
      this.state = D;
      this.cost = NONE;
    } else {
      this.state = d <= other ? D : gapState === E ? F : E;
      this.cost = openCost + LITERAL_EDIT;
    }
  }

  set(state: number, cell: number, cost: number, from: number): void {
    if (state === D) this.costD[cell] = cost;
    else if (state === E) this.costE[cell] = cost;
    else this.costF[cell] = cost;
    this.from[state as 0 | 1 | 2][cell] = from;
  }
}

/**
 * The least-cost alignment of body and template, then the slot limits checked on what each slot
 * absorbed.
 */
function diagnose(registered: string, body: string): DltMatch {
  const { tokens, literals } = tokensOf(registered);
  const rows = tokens.length + 1;
  const cols = body.length + 1;
  if (rows * cols > MAX_ALIGNMENT_CELLS) {
    return { matches: false, slots: [], mismatches: [{ kind: 'literal', literal: 0, range: { start: 0, end: body.length }, expected: registered }] };
  }
  const a = new Alignment(rows * cols);
  a.set(D, 0, 0, D);
  for (let j = 1; j < cols; j += 1) {
    a.gap(j - 1, E);
    a.set(E, j, a.cost, a.state);
  }
  for (let i = 1; i < rows; i += 1) {
    const token = tokens[i - 1] as Token;
    const row = i * cols;
    const above = (i - 1) * cols;
    if ('slot' in token) {
      for (let j = 0; j < cols; j += 1) {
        a.best(above + j);
        const take = j > 0 ? (a.costD[row + j - 1] ?? NONE) : NONE;
        if (take !== NONE && take + SLOT_CHAR < a.cost) a.set(D, row + j, take + SLOT_CHAR, SLOT_TAKES);
        else a.set(D, row + j, a.cost, a.state);
      }
      continue;
    }
    const char = token.char;
    for (let j = 0; j < cols; j += 1) {
      a.gap(above + j, F);
      if (a.cost !== NONE) a.set(F, row + j, a.cost, a.state);
      if (j === 0) continue;
      a.best(above + j - 1);
      if (a.cost !== NONE) a.set(D, row + j, a.cost + (body[j - 1] === char ? 0 : LITERAL_EDIT), a.state);
      a.gap(row + j - 1, E);
      if (a.cost !== NONE) a.set(E, row + j, a.cost, a.state);
    }
  }

  // Walk back, collecting what each slot absorbed and which body characters break which literal.
  const slotCountInTemplate = literals.length - 1;
  const slotStarts = new Array<number>(slotCountInTemplate).fill(-1);
  const slotEnds = new Array<number>(slotCountInTemplate).fill(-1);
  const wrong: Array<{ literal: number; at: number; width: 0 | 1; expected: string }> = [];
  let i = rows - 1;
  let j = cols - 1;
  a.best(i * cols + j);
  let state = a.state;
  let lastLiteral = literals.length - 1;
  while (i > 0 || j > 0) {
    const cell = i * cols + j;
    const from = a.from[state as 0 | 1 | 2][cell] ?? D;
    const token = i > 0 ? (tokens[i - 1] as Token) : undefined;
    if (token && 'literal' in token) lastLiteral = token.literal;
    if (state === E) {
      wrong.push({ literal: lastLiteral, at: j - 1, width: 1, expected: '' });
      j -= 1;
      state = from;
    } else if (state === F) {
      const literalToken = token as { literal: number; char: string };
      wrong.push({ literal: literalToken.literal, at: j, width: 0, expected: literalToken.char });
      i -= 1;
      state = from;
    } else if (token && 'slot' in token) {
      const slot = token.slot;
      if (slotEnds[slot] === -1) slotEnds[slot] = j;
      if (from === SLOT_TAKES) {
        slotStarts[slot] = j - 1;
        j -= 1;
      } else {
        if ((slotStarts[slot] ?? -1) === -1 || (slotStarts[slot] ?? -1) > j) slotStarts[slot] = j;
        i -= 1;
        state = from;
      }
    } else {
      const literalToken = token as { literal: number; char: string };
      if (body[j - 1] !== literalToken.char) wrong.push({ literal: literalToken.literal, at: j - 1, width: 1, expected: literalToken.char });
      i -= 1;
      j -= 1;
      state = from;
    }
  }

  const slots: BodyRange[] = slotStarts.map((start, index) => ({ start, end: Math.max(start, slotEnds[index] ?? start) }));
  const mismatches: DltMismatch[] = [];
  for (const run of mergeRuns(wrong.reverse())) mismatches.push(run);
  slots.forEach((range, slot) => mismatches.push(...slotProblems(body, range, slot)));
  mismatches.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  return { matches: mismatches.length === 0, slots, mismatches };
}

/** Neighbouring wrong characters of one literal become one range. */
function mergeRuns(wrong: Array<{ literal: number; at: number; width: 0 | 1; expected: string }>): DltMismatch[] {
  const runs: Array<{ kind: 'literal'; literal: number; range: BodyRange; expected: string }> = [];
  for (const entry of wrong) {
    const previous = runs.at(-1);
    if (previous && previous.literal === entry.literal && entry.at <= previous.range.end) {
      previous.range.end = Math.max(previous.range.end, entry.at + entry.width);
      previous.expected += entry.expected;
    } else {
      runs.push({ kind: 'literal', literal: entry.literal, range: { start: entry.at, end: entry.at + entry.width }, expected: entry.expected });
    }
  }
  return runs;
}

/** A slot's value checked against its limits: length in characters, and no control characters. */
export function slotProblems(body: string, range: BodyRange, slot: number): DltMismatch[] {
  const problems: DltMismatch[] = [];
  const value = body.slice(range.start, range.end);
  const chars = Array.from(value);
  if (chars.length > DLT_SLOT_MAX_CHARS) {
    const allowedLength = chars.slice(0, DLT_SLOT_MAX_CHARS).join('').length;
    problems.push({ kind: 'slot-overflow', slot, range: { start: range.start + allowedLength, end: range.end }, length: chars.length });
  }
  let offset = range.start;
  for (const char of chars) {
    if (DISALLOWED_IN_SLOT.test(char)) {
      const previous = problems.at(-1);
      if (previous?.kind === 'slot-characters' && previous.range.end === offset) previous.range.end = offset + char.length;
      else problems.push({ kind: 'slot-characters', slot, range: { start: offset, end: offset + char.length } });
    }
    offset += char.length;
  }
  return problems;
}

/** One line per mismatch, in words a user can act on. */
export function describeMismatch(mismatch: DltMismatch, body: string): string {
  switch (mismatch.kind) {
    case 'literal': {
      const found = body.slice(mismatch.range.start, mismatch.range.end);
      if (found === '') return `The registered text "${mismatch.expected}" is missing here.`;
      if (mismatch.expected === '') return `"${found}" is not in the registered text.`;
      return `"${found}" differs from the registered text "${mismatch.expected}".`;
    }
    case 'slot-overflow':
      return `Variable ${mismatch.slot + 1} holds ${mismatch.length} characters; a variable may hold at most ${DLT_SLOT_MAX_CHARS}.`;
    case 'slot-characters':
      return `Variable ${mismatch.slot + 1} holds a line break or control character, which a variable may not.`;
  }
}
