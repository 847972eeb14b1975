import { isGsmCharacter } from '../../../shared/sms';

/**
 * GSM-7 look-alikes for characters that force a whole message into UCS-2 (70 instead of 160
 * characters per SMS). shared/sms.ts has no such table, so the planner keeps its own: only
 * replacements a reader would not notice, never a change of meaning. Emoji and scripts such as
 * Devanagari have no equivalent and stay as they are.
 */
export const GSM_REPLACEMENTS: Readonly<Record<string, string>> = {
  '\u2018': "'", // left single quotation mark
  '\u2019': "'", // right single quotation mark (apostrophe)
  '\u201A': "'",
  '\u201B': "'",
  '\u2032': "'", // prime
  '\u00B4': "'", // acute accent
  '\u0060': "'", // grave accent (not in GSM-7)
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u201F': '"',
  '\u2033': '"',
  '\u00AB': '"',
  '\u00BB': '"',
  '\u2013': '-', // en dash
  '\u2014': '-', // em dash
  '\u2012': '-',
  '\u2015': '-',
  '\u2212': '-', // minus sign
  '\u2010': '-',
  '\u2011': '-',
  '\u00A0': ' ', // no-break space
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2009': ' ',
  '\u200A': ' ',
  '\u202F': ' ',
  '\u2007': ' ',
  '\u200B': '', // zero-width space
  '\uFEFF': '', // byte-order mark
  '\u2026': '...', // ellipsis
  '\u2022': '-', // bullet
  '\u00B7': '.',
  '\u02C6': '^',
  '\u02DC': '~',
  '\u2039': '<',
  '\u203A': '>',
  '\u00E1': 'a',
  '\u00E2': 'a',
  '\u00E3': 'a',
  '\u00E7': 'Ç',
  '\u00EA': 'e',
  '\u00EB': 'e',
  '\u00ED': 'i',
  '\u00EE': 'i',
  '\u00EF': 'i',
  '\u00F3': 'o',
  '\u00F4': 'o',
  '\u00F5': 'o',
  '\u00FA': 'u',
  '\u00FB': 'u',
  '\u00C1': 'A',
  '\u00C0': 'A',
  '\u00C2': 'A',
  '\u00C3': 'A',
  '\u00CD': 'I',
  '\u00D3': 'O',
  '\u00DA': 'U',
  '\u20B9': 'Rs.', // Indian rupee sign
};

/** The GSM-7 text that can stand in for `character`, or null when there is none. */
export function gsmReplacementFor(character: string): string | null {
  const replacement = GSM_REPLACEMENTS[character];
  if (replacement === undefined) return null;
  // Guard the table itself: a replacement must really be GSM-7.
  for (const unit of replacement) if (!isGsmCharacter(unit)) return null;
  return replacement;
}

/** Replaces every occurrence of `character` in `text` by its GSM-7 equivalent. */
export function replaceCharacter(text: string, character: string): string {
  const replacement = gsmReplacementFor(character);
  return replacement === null ? text : text.split(character).join(replacement);
}

/** Replaces every character that has a GSM-7 equivalent. */
export function replaceAll(text: string, characters: readonly string[]): string {
  return characters.reduce((current, character) => replaceCharacter(current, character), text);
}

/** How a character is named in the counter: visible, and readable for invisible ones. */
export function describeCharacter(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (/\s|[\u200B\uFEFF]/u.test(character)) return `invisible space (${hex})`;
  return `${character} (${hex})`;
}
