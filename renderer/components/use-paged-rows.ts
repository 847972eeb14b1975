import { useCallback, useEffect, useRef, useState } from 'react';

/** Rows asked for at a time; the table asks for the blocks in view plus one on each side. */
export const PAGE_BLOCK = 100;

export interface RowsWindow<Row> {
  total: number;
  rows: Row[];
}

export interface PagedRows<Row, Window extends RowsWindow<Row> = RowsWindow<Row>> {
  /** null until the first window of the current query arrives. */
  total: number | null;
  /** The latest answer of the current query (its counts and whatever else the call returns). */
  lastWindow: Window | null;
  rowAt(index: number): Row | undefined;
  /** The table says which rows are in view; missing blocks around them are fetched. */
  showRange(start: number, end: number): void;
  error: string | null;
  /** Changes whenever a block arrives: what a memoised table watches. */
  revision: number;
}

interface PagedRowsOptions<Row, Window extends RowsWindow<Row>> {
  /** The query (filters, sort, profile): when it changes, rows are fetched from the start again. */
  queryKey: string;
  /** Bumped when the data changed behind the same query: the blocks in view are read again, the rows on screen stay meanwhile. */
  refreshKey: number;
  fetchWindow(offset: number, limit: number): Promise<Window>;
  /** Rows equal by this keep their object across refreshes, so a memoised row is not drawn again. */
  rowIdentity(row: Row): string;
  onError(error: unknown): string;
  /** false while the query cannot be asked yet (no active profile known): nothing is fetched. */
  enabled?: boolean;
}

/**
 * A table's rows fetched a block at a time from the core (which sorts and searches): a list of
 * 10,000 accounts costs what the rows in view cost. An answer to an older query is dropped.
 */
export function usePagedRows<Row, Window extends RowsWindow<Row> = RowsWindow<Row>>(options: PagedRowsOptions<Row, Window>): PagedRows<Row, Window> {
  const blocks = useRef(new Map<number, Row[]>());
  const loading = useRef(new Set<number>());
  const range = useRef({ start: 0, end: PAGE_BLOCK });
  const generation = useRef(0);
  const latest = useRef(options);
  // Answers are kept with the query they answer: a new query shows nothing of the old one.
  const [answered, setAnswered] = useState<{ queryKey: string; window: Window } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [revision, setRevision] = useState(0);
  useEffect(() => {
    latest.current = options;
  });

  const load = useCallback((block: number, mine: number) => {
    if (loading.current.has(block)) return;
    loading.current.add(block);
    latest.current.fetchWindow(block * PAGE_BLOCK, PAGE_BLOCK).then(
      (answer) => {
        if (mine !== generation.current) return;
        loading.current.delete(block);
        const before = blocks.current.get(block);
        const known = new Map((before ?? []).map((row) => [latest.current.rowIdentity(row), row]));
        blocks.current.set(
          block,
          answer.rows.map((row) => known.get(latest.current.rowIdentity(row)) ?? row),
        );
        setAnswered({ queryKey: latest.current.queryKey, window: answer });
        setError(null);
        setRevision((n) => n + 1);
      },
      (failure: unknown) => {
        if (mine !== generation.current) return;
        loading.current.delete(block);
        setError(latest.current.onError(failure));
      },
    );
  }, []);

  const loadAround = useCallback(
    (mine: number, options: { again: boolean }) => {
      const first = Math.max(0, Math.floor(range.current.start / PAGE_BLOCK) - 1);
      const last = Math.floor(range.current.end / PAGE_BLOCK) + 1;
      for (let block = first; block <= last; block++) {
        if (options.again || !blocks.current.has(block)) load(block, mine);
      }
    },
    [load],
  );

  // A new query: start again from the top, showing nothing of the old one.
  const enabled = options.enabled ?? true;
  useEffect(() => {
    const mine = ++generation.current;
    blocks.current = new Map();
    loading.current = new Set();
    range.current = { start: 0, end: PAGE_BLOCK };
    if (enabled) load(0, mine);
  }, [options.queryKey, load, enabled]);

  // The same query over changed data: read the blocks in view again; the others are dropped.
  const firstRefresh = useRef(true);
  useEffect(() => {
    if (firstRefresh.current || !enabled) {
      firstRefresh.current = false;
      return;
    }
    const mine = ++generation.current;
    const first = Math.max(0, Math.floor(range.current.start / PAGE_BLOCK) - 1);
    const last = Math.floor(range.current.end / PAGE_BLOCK) + 1;
    for (const block of [...blocks.current.keys()]) if (block < first || block > last) blocks.current.delete(block);
    loading.current = new Set();
    loadAround(mine, { again: true });
  }, [options.refreshKey, loadAround, enabled]);

  const showRange = useCallback(
    (start: number, end: number) => {
      range.current = { start, end };
      if (enabled) loadAround(generation.current, { again: false });
    },
    [loadAround, enabled],
  );

  const rowAt = useCallback((index: number) => blocks.current.get(Math.floor(index / PAGE_BLOCK))?.[index % PAGE_BLOCK], []);
  const current = answered?.queryKey === options.queryKey ? answered.window : null;
  return { total: current?.total ?? null, lastWindow: current, rowAt, showRange, error, revision };
}
