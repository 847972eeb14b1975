import { isGsmCharacter } from '../../../shared/sms';
import { gsmReplacementFor } from './gsm-replacements';

/**
 * Whether a variant's text is in a script that needs Unicode (UCS-2) anyway, such as Hindi in
 * Devanagari: then listing every letter as "forcing the longer encoding" helps no one, and no
 * replacement can bring it back to GSM-7. A text is "otherwise GSM-7" when every character that
 * is not GSM-7 has a GSM-7 equivalent (curly quotes, dashes, an ellipsis…).
 */
export interface NonGsmAdvice {
  /** The text is in a Unicode-only script: say so once, offer no replacements. */
  needsUnicode: boolean;
  /** Characters with a GSM-7 equivalent, offered one click each (only in otherwise GSM-7 text). */
  replaceable: string[];
  /** Characters with no equivalent (emoji, other scripts) in otherwise GSM-7 text. */
  irreplaceable: string[];
}

/** Letters of a script (not punctuation, symbols or emoji) that GSM-7 cannot carry. */
const LETTER = /\p{L}|\p{M}/u;

export function adviseOnNonGsm(nonGsm: readonly string[]): NonGsmAdvice {
  const letters = nonGsm.filter((character) => LETTER.test(character) && gsmReplacementFor(character) === null && !isGsmCharacter(character));
  if (letters.length > 0) return { needsUnicode: true, replaceable: [], irreplaceable: [] };
  const replaceable = nonGsm.filter((character) => gsmReplacementFor(character) !== null);
  const irreplaceable = nonGsm.filter((character) => gsmReplacementFor(character) === null);
  return { needsUnicode: false, replaceable, irreplaceable };
}
