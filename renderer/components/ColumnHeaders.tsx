/** A column's heading: its label, or the label and a numeric column's alignment. */
export type ColumnHeading = string | { label: string; numeric: true };

/** A numeric column's heading (aligned as its figures are). */
export const numericColumn = (label: string): ColumnHeading => ({ label, numeric: true });

/**
 * A data table's header row. `actions` adds a last column for the rows' buttons, named for screen
 * readers only (a visible "Actions" heading says nothing the buttons do not).
 */
export function ColumnHeaders({ columns, actions = false }: { columns: readonly ColumnHeading[]; actions?: boolean }) {
  return (
    <thead>
      <tr>
        {columns.map((column) =>
          typeof column === 'string' ? (
            <th key={column} scope="col">
              {column}
            </th>
          ) : (
            <th key={column.label} scope="col" className="numeric">
              {column.label}
            </th>
          ),
        )}
        {actions && (
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
