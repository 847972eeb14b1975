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
    const source = registered
      .split(DLT_SLOT)
      .map(escapeRegExp)
      .join(`([^\\p{Cc}]{0,${DLT_SLOT_MAX_CHARS}})`);
    compiled = new RegExp(`^${source}$`, 'u');
    if (compiledTemplates.size >= COMPILED_CACHE_LIMIT) compiledTemplates.clear();
    compiledTemplates.set(registered, compiled);
  }
  return compiled;
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

const enum Step {
  Match = 1,
  Substitute = 2,
  MissingInBody = 3,
  ExtraInBody = 4,
  SlotTakes = 5,
  SlotEnds = 6,
}

/**
 * Every wrong literal character (substituted, missing or extra) costs this much; a character a
 * slot absorbs costs 1. So the alignment first makes the fewest literal errors, then, among those,
 * lets slots absorb as little as possible: a changed character next to a slot is reported as a
 * changed character, not swallowed by the slot with the registered one "missing" elsewhere.
 */
const LITERAL_EDIT = 1_000;
const SLOT_CHAR = 1;

/**
 * The least-cost alignment of body and template, then the slot limits checked on what each slot
 * absorbed.
 */
function diagnose(registered: string, body: string): DltMatch {
  const { tokens, literals } = tokensOf(registered);
  const rows = tokens.length + 1;
  const cols = body.length + 1;
  const cost = new Uint32Array(rows * cols);
  const step = new Uint8Array(rows * cols);
  for (let j = 1; j < cols; j += 1) {
    cost[j] = j * LITERAL_EDIT;
    step[j] = Step.ExtraInBody;
  }
  for (let i = 1; i < rows; i += 1) {
    const token = tokens[i - 1] as Token;
    const row = i * cols;
    const above = (i - 1) * cols;
    if ('slot' in token) {
      cost[row] = cost[above] ?? 0;
      step[row] = Step.SlotEnds;
      for (let j = 1; j < cols; j += 1) {
        const end = cost[above + j] ?? 0;
        const take = (cost[row + j - 1] ?? 0) + SLOT_CHAR;
        if (take < end) {
          cost[row + j] = take;
          step[row + j] = Step.SlotTakes;
        } else {
          cost[row + j] = end;
          step[row + j] = Step.SlotEnds;
        }
      }
      continue;
    }
    cost[row] = (cost[above] ?? 0) + LITERAL_EDIT;
    step[row] = Step.MissingInBody;
    for (let j = 1; j < cols; j += 1) {
      const same = body[j - 1] === token.char;
      let best = (cost[above + j - 1] ?? 0) + (same ? 0 : LITERAL_EDIT);
      let how = same ? Step.Match : Step.Substitute;
      const missing = (cost[above + j] ?? 0) + LITERAL_EDIT;
      if (missing < best) {
        best = missing;
        how = Step.MissingInBody;
      }
      const extra = (cost[row + j - 1] ?? 0) + LITERAL_EDIT;
      if (extra < best) {
        best = extra;
        how = Step.ExtraInBody;
      }
      cost[row + j] = best;
      step[row + j] = how;
    }
  }

  // Walk back, collecting what each slot absorbed and which body characters break which literal.
  const slotCountInTemplate = literals.length - 1;
  const slotStarts = new Array<number>(slotCountInTemplate).fill(-1);
  const slotEnds = new Array<number>(slotCountInTemplate).fill(-1);
  const wrong: Array<{ literal: number; at: number; width: 0 | 1; expected: string }> = [];
  let i = rows - 1;
  let j = cols - 1;
  let lastLiteral = literals.length - 1;
  while (i > 0 || j > 0) {
    const how = step[i * cols + j] as Step;
    const token = i > 0 ? (tokens[i - 1] as Token) : undefined;
    if (token && 'literal' in token) lastLiteral = token.literal;
    switch (how) {
      case Step.Match:
        i -= 1;
        j -= 1;
        break;
      case Step.Substitute:
        wrong.push({ literal: (token as { literal: number }).literal, at: j - 1, width: 1, expected: (token as { char: string }).char });
        i -= 1;
        j -= 1;
        break;
      case Step.MissingInBody:
        wrong.push({ literal: (token as { literal: number }).literal, at: j, width: 0, expected: (token as { char: string }).char });
        i -= 1;
        break;
      case Step.ExtraInBody:
        wrong.push({ literal: lastLiteral, at: j - 1, width: 1, expected: '' });
        j -= 1;
        break;
      case Step.SlotTakes: {
        const slot = (token as { slot: number }).slot;
        if (slotEnds[slot] === -1) slotEnds[slot] = j;
        slotStarts[slot] = j - 1;
        j -= 1;
        break;
      }
      case Step.SlotEnds: {
        const slot = (token as { slot: number }).slot;
        if (slotEnds[slot] === -1) slotEnds[slot] = j;
        if ((slotStarts[slot] ?? -1) === -1 || (slotStarts[slot] ?? -1) > j) slotStarts[slot] = j;
        i -= 1;
        break;
      }
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
