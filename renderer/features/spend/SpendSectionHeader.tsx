import type { ReactNode } from 'react';

/**
 * A spend section's title and its CSV export (left out of print). Other controls of the section go
 * between the two as children.
 */
export function SpendSectionHeader(props: { title: string; onExport?: () => void; exportDisabled?: boolean; exportLabel?: string; children?: ReactNode }) {
  return (
    <header className="spend-section-header">
      <h2>{props.title}</h2>
      {props.children}
      {props.onExport && (
        <button type="button" className="no-print" onClick={props.onExport} disabled={props.exportDisabled} aria-label={props.exportLabel}>
          Export CSV
        </button>
      )}
    </header>
  );
}
