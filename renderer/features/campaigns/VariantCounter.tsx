import { useMemo } from 'react';
import type { PersonalisationValues } from '../../../shared/personalisation';
import { SMS_LIMITS, analyzeSms, type SmsAnalysis } from '../../../shared/sms';
import { formatCount } from '../../../shared/format';
import { describeCharacter, gsmReplacementFor, replaceAll, replaceCharacter } from './gsm-replacements';
import { renderedLengths } from './rendered-length';
import { adviseOnNonGsm } from './unicode-language';

interface VariantCounterProps {
  body: string;
  /** The recipients (of those loaded) who receive this variant. */
  recipients: readonly PersonalisationValues[];
  /** Whether every recipient of the audience was loaded (else only its first ones were rendered). */
  wholeAudience: boolean;
  onChange(body: string): void;
}

const segments = (analysis: SmsAnalysis) => `${formatCount(analysis.segments)} ${analysis.segments === 1 ? 'segment' : 'segments'}`;
const sizeOf = (analysis: SmsAnalysis) => `${formatCount(analysis.characters)} characters, ${segments(analysis)}`;

/**
 * Counts what recipients receive, never the `{{field|fallback}}` syntax: the typical rendered
 * message in the counter, and the shortest and longest beside it with the segments of each.
 */
export function VariantCounter({ body, recipients, wholeAudience, onChange }: VariantCounterProps) {
  const lengths = useMemo(() => renderedLengths(body, recipients), [body, recipients]);
  const template = useMemo(() => analyzeSms(body), [body]);
  const advice = adviseOnNonGsm(template.nonGsm);
  const typical = lengths.typical.analysis;
  const spread = lengths.shortest.analysis.unitsUsed !== lengths.longest.analysis.unitsUsed;
  const across =
    lengths.recipients === 0
      ? 'with every field empty (the fallbacks)'
      : !wholeAudience
        ? `across the first ${formatCount(lengths.recipients)} recipients who receive this variant`
        : `across the ${formatCount(lengths.recipients)} recipients who receive this variant`;

  return (
    <>
      <div className="sms-counter" data-testid="sms-counter" aria-live="polite">
        <span data-testid="counter-encoding" className={typical.encoding === 'UCS-2' ? 'counter-warn' : undefined}>
          {typical.encoding}
        </span>
        <span data-testid="counter-characters">{formatCount(typical.characters)} characters</span>
        <span data-testid="counter-segments">{segments(typical)}</span>
        <span data-testid="counter-left">{formatCount(typical.unitsLeft)} left in this segment</span>
      </div>
      {body !== '' && (
        <p className="hint counter-range" data-testid="counter-range">
          Rendered {across}:{' '}
          {spread ? (
            <>
              shortest <span data-testid="counter-shortest">{sizeOf(lengths.shortest.analysis)}</span>; typical{' '}
              <span data-testid="counter-typical">{sizeOf(typical)}</span>; longest{' '}
              <span data-testid="counter-longest">{sizeOf(lengths.longest.analysis)}</span>.
            </>
          ) : (
            <>
              every message is <span data-testid="counter-typical">{sizeOf(typical)}</span>.
            </>
          )}
        </p>
      )}
      {advice.needsUnicode && (
        <p className="hint unicode-note" data-testid="unicode-language" role="note">
          This language is written in characters GSM-7 does not have, so it is sent in Unicode (UCS-2):{' '}
          {`${SMS_LIMITS['UCS-2'].single} characters per segment, ${SMS_LIMITS['UCS-2'].perPart} per part when a message takes several.`}
        </p>
      )}
      {!advice.needsUnicode && template.nonGsm.length > 0 && (
        <div className="non-gsm" data-testid="non-gsm">
          <p className="hint">
            These characters switch the whole message to UCS-2 ({SMS_LIMITS['UCS-2'].single} characters per segment instead of {SMS_LIMITS['GSM-7'].single}):
          </p>
          <p className="highlighted-body" aria-label="Message with the UCS-2 characters marked">
            <HighlightedBody body={body} nonGsm={template.nonGsm} />
          </p>
          <ul className="non-gsm-list">
            {template.nonGsm.map((character) => {
              const replacement = gsmReplacementFor(character);
              return (
                <li key={character}>
                  <mark className="non-gsm-char">{describeCharacter(character)}</mark>{' '}
                  {replacement !== null ? (
                    <button
                      type="button"
                      onClick={() => onChange(replaceCharacter(body, character))}
                      aria-label={`Replace ${describeCharacter(character)} with ${replacement === '' ? 'nothing' : replacement}`}
                    >
                      Replace with {replacement === '' ? '(nothing)' : `“${replacement}”`}
                    </button>
                  ) : (
                    <span className="hint">no GSM-7 equivalent</span>
                  )}
                </li>
              );
            })}
          </ul>
          {advice.replaceable.length > 1 && (
            <button type="button" onClick={() => onChange(replaceAll(body, advice.replaceable))}>
              Replace all {advice.replaceable.length} with GSM-7 equivalents
            </button>
          )}
        </div>
      )}
    </>
  );
}

function HighlightedBody({ body, nonGsm }: { body: string; nonGsm: readonly string[] }) {
  const set = new Set(nonGsm);
  const parts: { text: string; marked: boolean }[] = [];
  for (const character of body) {
    const marked = set.has(character);
    const last = parts.at(-1);
    if (last && last.marked === marked && !marked) last.text += character;
    else parts.push({ text: character, marked });
  }
  return (
    <>
      {parts.map((part, index) =>
        part.marked ? (
          <mark key={index} className="non-gsm-char">
            {part.text}
          </mark>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </>
  );
}
