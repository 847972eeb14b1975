import { COUNTRY_SOURCE_LABELS } from '../../../shared/country-source';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { AudienceDetail, RecipientFacetView, RecipientView } from '../../../shared/calls/audiences';
import { call } from '../../lib/desk';
import { errorMessage } from '../../lib/error-message';
import { formatCount } from '../../../shared/format';

const PAGE_SIZE = 200;
const ROW_HEIGHT = 30;
const SEARCH_DELAY_MS = 250;
/** A `zone` filter value meaning "recipients without a zone". */
const NO_ZONE = '__none__';

interface Filters {
  search: string;
  country: string;
  zone: string;
}

/**
 * Every recipient of an audience, however many: only the rows on screen exist in the DOM, and
 * pages of 200 load as they scroll into view — by keyset after the previous page when it is
 * known, else by offset (a jump of the scrollbar).
 */
export function RecipientsTable({ audience }: { audience: AudienceDetail }) {
  const [filters, setFilters] = useState<Filters>({ search: '', country: '', zone: '' });
  const [applied, setApplied] = useState<Filters>(filters);
  useEffect(() => {
    const timer = setTimeout(() => setApplied(filters), filters.search === applied.search ? 0 : SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [filters, applied.search]);

  const facets = useMemo(() => audience.report?.facets ?? [], [audience.report]);
  const countries = useMemo(() => countsBy(facets, (f) => f.country), [facets]);
  const zones = useMemo(
    () =>
      countsBy(
        facets.filter((f) => applied.country === '' || f.country === applied.country),
        (f) => f.zone,
      ),
    [facets, applied.country],
  );

  return (
    <section className="recipients" aria-label="Recipients">
      <div className="filters">
        <label>
          Search recipients
          <input type="search" value={filters.search} placeholder="Number or name" onChange={(e) => setFilters({ ...filters, search: e.target.value })} />
        </label>
        <label>
          Country
          <select value={filters.country} onChange={(e) => setFilters({ ...filters, country: e.target.value, zone: '' })}>
            <option value="">All countries</option>
            {countries.map(([country, count]) => (
              <option key={country ?? ''} value={country ?? ''}>
                {country ?? '—'} ({formatCount(count)})
              </option>
            ))}
          </select>
        </label>
        <label>
          Time zone
          <select value={filters.zone} onChange={(e) => setFilters({ ...filters, zone: e.target.value })}>
            <option value="">All zones</option>
            {zones.map(([zone, count]) => (
              <option key={zone ?? NO_ZONE} value={zone ?? NO_ZONE}>
                {zone ?? 'No zone (unknown or ambiguous)'} ({formatCount(count)})
              </option>
            ))}
          </select>
        </label>
      </div>
      <RecipientRows key={`${audience.id}|${JSON.stringify(applied)}`} audienceId={audience.id} filters={applied} />
    </section>
  );
}

function RecipientRows({ audienceId, filters }: { audienceId: string; filters: Filters }) {
  const scroller = useRef<HTMLDivElement>(null);
  const pages = useRef(new Map<number, RecipientView[]>());
  const requested = useRef(new Set<number>());
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [, pageArrived] = useReducer((n: number) => n + 1, 0);

  const fetchPage = useMemo(() => {
    const query = {
      search: filters.search.trim() === '' ? undefined : filters.search.trim(),
      country: filters.country === '' ? undefined : filters.country,
      zone: filters.zone === '' ? undefined : filters.zone === NO_ZONE ? null : filters.zone,
    };
    return async (page: number, { withTotal }: { withTotal: boolean }) => {
      if (requested.current.has(page)) return;
      requested.current.add(page);
      const before = pages.current.get(page - 1);
      const afterRow = page === 0 ? 0 : (before?.at(-1)?.rowNumber ?? 0);
      const offset = page === 0 || before ? 0 : page * PAGE_SIZE;
      try {
        const result = await call('audiences.recipients', { audienceId, afterRow, offset, limit: PAGE_SIZE, withTotal, ...query });
        pages.current.set(page, result.recipients);
        if (result.total !== null) setTotal(result.total);
        pageArrived();
      } catch (failure) {
        requested.current.delete(page);
        setError(errorMessage(failure));
      }
    };
  }, [audienceId, filters]);

  useEffect(() => {
    void fetchPage(0, { withTotal: true });
  }, [fetchPage]);

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer's functions are read during render on purpose
  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });
  const items = virtualizer.getVirtualItems();
  const firstPage = Math.floor((items[0]?.index ?? 0) / PAGE_SIZE);
  const lastPage = Math.floor((items.at(-1)?.index ?? 0) / PAGE_SIZE);
  useEffect(() => {
    if (total === null) return;
    for (let page = firstPage; page <= lastPage; page++) void fetchPage(page, { withTotal: false });
  }, [firstPage, lastPage, total, fetchPage]);

  return (
    <>
      <p className="hint" role="status" data-testid="recipients-count">
        {total === null ? 'Loading recipients…' : `${formatCount(total)} recipient${total === 1 ? '' : 's'}`}
      </p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="recipients-table" role="table" aria-label="Recipients" aria-rowcount={total ?? 0}>
        <div className="recipients-row recipients-head" role="row">
          {['Row', 'Phone', 'Name', 'Country', 'Time zone', 'Zone from', 'Language'].map((title) => (
            <span key={title} role="columnheader">
              {title}
            </span>
          ))}
        </div>
        <div ref={scroller} className="recipients-scroll" data-testid="recipients-scroll" tabIndex={0} role="rowgroup" aria-label="Recipient rows, scrollable">
          <div role="presentation" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const recipient = pages.current.get(Math.floor(item.index / PAGE_SIZE))?.[item.index % PAGE_SIZE];
              return (
                <div
                  key={item.key}
                  className="recipients-row"
                  role="row"
                  aria-rowindex={item.index + 2}
                  data-testid={recipient ? 'recipient-row' : 'recipient-row-loading'}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                >
                  {recipient ? (
                    <RecipientCells recipient={recipient} />
                  ) : (
                    <span role="cell" className="hint">
                      Loading…
                    </span>
                  )}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </>
  );
}

const ZONE_SOURCE_LABELS: Record<RecipientView['zoneSource'], string> = {
  column: 'column',
  prefix: 'phone prefix',
  country: 'country',
  fallback: 'fallback',
  unknown: '—',
};

function RecipientCells({ recipient }: { recipient: RecipientView }) {
  const zone = recipient.zone ?? (recipient.zoneCandidates ? `ambiguous: ${recipient.zoneCandidates.join(', ')}` : 'unknown');
  const countrySource = recipient.countrySource === null ? null : COUNTRY_SOURCE_LABELS[recipient.countrySource];
  return (
    <>
      <span role="cell" className="mono">
        {recipient.rowNumber}
      </span>
      <span role="cell" className="mono">
        {recipient.phoneE164}
      </span>
      <span role="cell">{recipient.name ?? ''}</span>
      <span role="cell" title={countrySource === null ? undefined : `Country from ${countrySource}`}>
        {recipient.country ?? ''}
        {countrySource !== null && (
          <span className="hint" data-testid="recipient-country-source">
            {' '}
            · {countrySource}
          </span>
        )}
      </span>
      <span role="cell" title={recipient.zoneCandidates?.join(', ')}>
        {zone}
      </span>
      <span role="cell">{ZONE_SOURCE_LABELS[recipient.zoneSource]}</span>
      <span role="cell">{recipient.language ?? ''}</span>
    </>
  );
}

function countsBy(facets: readonly RecipientFacetView[], key: (facet: RecipientFacetView) => string | null): Array<[string | null, number]> {
  const counts = new Map<string | null, number>();
  for (const facet of facets) counts.set(key(facet), (counts.get(key(facet)) ?? 0) + facet.recipients);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]);
}
