/**
 * Which delimiter a delimited text file uses: the candidate that splits the first lines (outside
 * quotes) into the same number of columns most consistently, preferring more columns.
 */
export const DELIMITER_CANDIDATES = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITER_CANDIDATES)[number];

export function isDelimiter(value: string): value is Delimiter {
  return (DELIMITER_CANDIDATES as readonly string[]).includes(value);
}

export function detectDelimiter(sample: string): Delimiter {
  const lines = splitLinesOutsideQuotes(sample)
    .filter((line) => line.trim() !== '')
    .slice(0, 50);
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const candidate of DELIMITER_CANDIDATES) {
    const counts = lines.map((line) => countOutsideQuotes(line, candidate));
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const consistent = counts.filter((count) => count === first).length / counts.length;
    const score = consistent * 1000 + first;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

function splitLinesOutsideQuotes(text: string): string[] {
  const lines: string[] = [];
  let inQuotes = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === '\n' || c === '\r')) {
      lines.push(text.slice(start, i));
      start = i + 1;
    }
  }
  // The last line of a sample is usually cut short: leave it out unless it is the only one.
  if (lines.length === 0) lines.push(text.slice(start));
  return lines;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let inQuotes = false;
  let count = 0;
  for (const c of line) {
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && c === delimiter) count++;
  }
  return count;
}
