import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useDeferredValue, useEffect, useMemo, useRef, type HTMLAttributes, type ReactNode } from 'react';

export type SortDirection = 'asc' | 'desc';
export interface SortState {
  column: string;
  direction: SortDirection;
}

export interface VirtualColumn<Row> {
  id: string;
  title: string;
  /** A CSS grid track: `120px`, `minmax(160px, 2fr)`. */
  width: string;
  numeric?: boolean;
  /** Present when the column sorts here: the value compared (strings compare by locale, case-insensitive). */
  sortValue?: (row: Row) => string | number | null;
  /** The column sorts, but elsewhere (the core sorts a paged table): the header only reports the choice. */
  sortable?: boolean;
  cell: (row: Row) => ReactNode;
}

/** Either every row, or (a paged table) how many there are and the ones fetched so far. */
type RowSource<Row> =
  | { rows: readonly Row[]; rowCount?: never; rowAt?: never }
  | {
      rows?: never;
      rowCount: number;
      /** undefined while a row's block is on its way: a placeholder row stands in. */
      rowAt: (index: number) => Row | undefined;
    };

type VirtualTableProps<Row> = RowSource<Row> & {
  label: string;
  columns: ReadonlyArray<VirtualColumn<Row>>;
  rowKey: (row: Row) => string;
  /** Attributes of each row (test ids, data-*), besides its role and position. */
  rowAttributes?: (row: Row) => HTMLAttributes<HTMLDivElement> & Record<`data-${string}`, string | number | undefined>;
  sort: SortState | null;
  onSort: (sort: SortState) => void;
  rowHeight?: number;
  className?: string;
  /** Rows whose content did not change keep their element: a refresh re-renders only what moved. */
  rowVersion?: (row: Row) => unknown;
  /** Told which rows are in view (a paged table fetches what is missing around them). */
  onRangeChange?: (start: number, end: number) => void;
  /** Changes when fetched rows arrive (a paged table): the rows in view are looked up again. */
  revision?: number;
};

const DEFAULT_ROW_HEIGHT = 44;

/**
 * A table of any length: only the rows on screen exist in the DOM (the recipients table's
 * approach), sorted by clicking (or Enter / Space on) a column header. Roles follow ARIA's table
 * pattern so assistive technology reads it as a table.
 */
export function VirtualTable<Row>(props: VirtualTableProps<Row>) {
  const scroller = useRef<HTMLDivElement>(null);
  const rowHeight = props.rowHeight ?? DEFAULT_ROW_HEIGHT;
  const template = props.columns.map((column) => column.width).join(' ');
  const count = props.rows ? props.rows.length : props.rowCount;
  const rowAt = (index: number) => (props.rows ? props.rows[index] : props.rowAt(index));
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer's functions are read during render on purpose
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 4,
    // Rows with controls cost more to mount than the recipients' text: let React schedule scroll renders instead of forcing each one synchronously.
    useFlushSync: false,
    getItemKey: (index) => {
      const row = rowAt(index);
      return row === undefined ? `#${index}` : props.rowKey(row);
    },
  });
  // Rows are drawn from a deferred copy of the rows in view: React draws them in an interruptible
  // background render (yielding every few ms) instead of one long task per scroll step.
  const items = useDeferredValue(virtualizer.getVirtualItems());
  const firstInView = items[0]?.index ?? 0;
  const lastInView = items.at(-1)?.index ?? 0;
  const onRangeChange = props.onRangeChange;
  useEffect(() => {
    onRangeChange?.(firstInView, lastInView + 1);
  }, [firstInView, lastInView, onRangeChange]);

  return (
    <div className={`virtual-table ${props.className ?? ''}`} role="table" aria-label={props.label} aria-rowcount={count + 1}>
      <div className="virtual-row virtual-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
        {props.columns.map((column) => (
          <HeaderCell key={column.id} column={column} sort={props.sort} onSort={props.onSort} />
        ))}
      </div>
      <div ref={scroller} className="virtual-scroll" tabIndex={0} role="rowgroup" aria-label={`${props.label}, scrollable`} data-testid="virtual-scroll">
        <div role="presentation" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = rowAt(item.index);
            if (row === undefined) {
              return (
                <div
                  key={item.key}
                  className="virtual-row virtual-placeholder"
                  role="row"
                  aria-rowindex={item.index + 2}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, height: rowHeight, transform: `translateY(${item.start}px)` }}
                >
                  <span role="cell">Loading…</span>
                </div>
              );
            }
            return (
              <VirtualRow
                key={item.key}
                row={row}
                version={props.rowVersion ? props.rowVersion(row) : row}
                index={item.index}
                top={item.start}
                height={rowHeight}
                template={template}
                columns={props.columns}
                attributes={props.rowAttributes}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

function HeaderCell<Row>({ column, sort, onSort }: { column: VirtualColumn<Row>; sort: SortState | null; onSort: (sort: SortState) => void }) {
  const active = sort?.column === column.id;
  const ariaSort = active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none';
  if (!column.sortValue && !column.sortable) {
    return (
      <span role="columnheader" className={column.numeric ? 'numeric' : undefined}>
        {column.title}
      </span>
    );
  }
  const next: SortDirection = active && sort.direction === 'asc' ? 'desc' : active ? 'asc' : column.numeric ? 'desc' : 'asc';
  return (
    <span role="columnheader" aria-sort={ariaSort} className={column.numeric ? 'numeric' : undefined}>
      <button
        type="button"
        className="sort-button"
        onClick={() => onSort({ column: column.id, direction: next })}
        title={`Sort by ${column.title.toLowerCase()}`}
      >
        {column.title}
        <span aria-hidden="true">{active ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </span>
  );
}

interface VirtualRowProps<Row> {
  row: Row;
  version: unknown;
  index: number;
  top: number;
  height: number;
  template: string;
  columns: ReadonlyArray<VirtualColumn<Row>>;
  attributes?: VirtualTableProps<Row>['rowAttributes'];
}

const VirtualRow = memo(
  function VirtualRow<Row>({ row, index, top, height, template, columns, attributes }: VirtualRowProps<Row>) {
    return (
      <div
        className="virtual-row"
        role="row"
        aria-rowindex={index + 2}
        {...attributes?.(row)}
        style={{ position: 'absolute', top: 0, left: 0, right: 0, height, transform: `translateY(${top}px)`, gridTemplateColumns: template }}
      >
        {columns.map((column) => (
          <span key={column.id} role="cell" className={column.numeric ? 'numeric' : undefined}>
            {column.cell(row)}
          </span>
        ))}
      </div>
    );
  },
  // Cells render from the row and its version (which says everything they show): new column closures alone do not redraw a row.
  (before, after) => before.version === after.version && before.index === after.index && before.top === after.top && before.template === after.template,
) as <Row>(props: VirtualRowProps<Row>) => ReactNode;

/** Sorts a copy by a column (ties keep their order); rows without a value go last. */
export function sortRows<Row>(rows: readonly Row[], columns: ReadonlyArray<VirtualColumn<Row>>, sort: SortState | null): Row[] {
  const column = sort ? columns.find((candidate) => candidate.id === sort.column) : undefined;
  if (!sort || !column?.sortValue) return [...rows];
  const value = column.sortValue;
  const sign = sort.direction === 'asc' ? 1 : -1;
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  const keyed = rows.map((row, index) => ({ row, index, key: value(row) }));
  keyed.sort((a, b) => {
    if (a.key === null || b.key === null) return a.key === b.key ? a.index - b.index : a.key === null ? 1 : -1;
    const order = typeof a.key === 'number' && typeof b.key === 'number' ? a.key - b.key : collator.compare(String(a.key), String(b.key));
    return order === 0 ? a.index - b.index : sign * order;
  });
  return keyed.map((entry) => entry.row);
}

/** Memoised sorting for a component. */
export function useSortedRows<Row>(rows: readonly Row[], columns: ReadonlyArray<VirtualColumn<Row>>, sort: SortState | null): Row[] {
  return useMemo(() => sortRows(rows, columns, sort), [rows, columns, sort]);
}
