import type { PersonalisationValues } from '../../../shared/personalisation';
import { renderBody } from '../../../shared/personalisation';
import { analyzeSms, SMS_LIMITS, type SmsAnalysis } from '../../../shared/sms';

/** One rendered message: what a recipient receives, and how it counts. */
export interface RenderedMessage {
  text: string;
  analysis: SmsAnalysis;
}

/** The rendered text's length across recipients: the `{{field|fallback}}` syntax itself is never counted. */
export interface RenderedLengths {
  /** How many recipients' messages were rendered (0: rendered with every field empty, i.e. the fallbacks). */
  recipients: number;
  shortest: RenderedMessage;
  /** The median message by encoded length. */
  typical: RenderedMessage;
  longest: RenderedMessage;
}

/** How full the message's last segment is, 0..1: comparable across GSM-7 and UCS-2 texts. */
function fill(analysis: SmsAnalysis): number {
  const limits = SMS_LIMITS[analysis.encoding];
  const capacity = analysis.segments <= 1 ? limits.single : analysis.segments * limits.perPart;
  return analysis.unitsUsed / capacity;
}

const NO_VALUES: PersonalisationValues = { name: null, fields: null };

/**
 * Renders `body` for each recipient (or, with none, with every field empty) and returns the
 * shortest, typical (median) and longest, by segments and then how full they are, each with its segment count.
 */
export function renderedLengths(body: string, recipients: readonly PersonalisationValues[]): RenderedLengths {
  const rendered = (recipients.length > 0 ? recipients : [NO_VALUES]).map((values) => {
    const text = renderBody(body, values);
    return { text, analysis: analyzeSms(text) };
  });
  rendered.sort((a, b) => a.analysis.segments - b.analysis.segments || fill(a.analysis) - fill(b.analysis) || a.analysis.characters - b.analysis.characters);
  const at = (index: number) => rendered[index] ?? { text: '', analysis: analyzeSms('') };
  return {
    recipients: recipients.length,
    shortest: at(0),
    typical: at(Math.floor((rendered.length - 1) / 2)),
    longest: at(rendered.length - 1),
  };
}
