import { COUNTRY_SOURCES, COUNTRY_SOURCE_LABELS } from '../../../shared/country-source';
import { useEffect, useState } from 'react';
import type { AudienceDetail, AudienceIssueView } from '../../../shared/calls/audiences';
import { call } from '../../lib/desk';
import { errorMessage } from '../../lib/error-message';
import { useAudiencesStore } from './audiences-store';
import { formatCount } from '../../../shared/format';
import { ColumnHeaders } from '../../components/ColumnHeaders';

const ISSUES_PAGE = 50;
const KIND_LABELS: Record<AudienceIssueView['kind'], string> = {
  invalid: 'Invalid',
  duplicate: 'Duplicate',
  opted_out: 'Opted out',
  zone_unknown: 'Zone unknown',
  zone_ambiguous: 'Zone ambiguous',
};

/** The import report of the selected audience: counts, how zones were found, the rejected rows. */
export function AudienceReport() {
  const detail = useAudiencesStore((s) => s.detail);
  if (!detail) return <p role="status">Loading the report…</p>;
  if (detail.status === 'failed') {
    return (
      <p className="error-banner" role="alert" data-testid="import-failed">
        The import of {detail.sourceName ?? detail.name} failed: {detail.failureReason}
      </p>
    );
  }
  return <ReportBody key={detail.id} detail={detail} />;
}

function ReportBody({ detail }: { detail: AudienceDetail }) {
  const report = detail.report;
  const [issues, setIssues] = useState<AudienceIssueView[]>([]);
  const [issuesTotal, setIssuesTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [downloading, setDownloading] = useState(false);

  useEffect(() => {
    let live = true;
    call('audiences.issues', { audienceId: detail.id, kind: null, afterRow: 0, limit: ISSUES_PAGE }).then(
      (page) => {
        if (!live) return;
        setIssues(page.issues);
        setIssuesTotal(page.total);
      },
      (failure: unknown) => live && setError(errorMessage(failure)),
    );
    return () => {
      live = false;
    };
  }, [detail.id]);

  const loadMore = async () => {
    try {
      const page = await call('audiences.issues', { audienceId: detail.id, kind: null, afterRow: issues.at(-1)?.rowNumber ?? 0, limit: ISSUES_PAGE });
      setIssues((current) => [...current, ...page.issues]);
      setIssuesTotal(page.total);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  const download = async () => {
    setDownloading(true);
    try {
      const exported = await call('audiences.exportIssues', { audienceId: detail.id, kinds: ['invalid'] });
      const url = URL.createObjectURL(new Blob([exported.csv], { type: 'text/csv;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = exported.fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setDownloading(false);
    }
  };

  const counts: Array<[string, number, string]> = [
    ['Rows read', detail.totalRows, 'total'],
    ['Recipients', detail.validRows, 'valid'],
    ['Invalid', detail.invalidRows, 'invalid'],
    ['Duplicates', detail.duplicateRows, 'duplicate'],
    ['Opted out', detail.optedOutRows, 'opted_out'],
    ['Zone unknown', report?.issuesByKind.zone_unknown ?? 0, 'zone_unknown'],
    ['Zone ambiguous', report?.issuesByKind.zone_ambiguous ?? 0, 'zone_ambiguous'],
  ];
  const sources: Array<[string, number]> = [
    ['time-zone column', report?.recipientsByZoneSource.column ?? 0],
    ['phone prefix', report?.recipientsByZoneSource.prefix ?? 0],
    ['country', report?.recipientsByZoneSource.country ?? 0],
    ['not found', report?.recipientsByZoneSource.unknown ?? 0],
  ];
  const byCountrySource = report?.recipientsByCountrySource ?? null;
  return (
    <div className="audience-report" data-testid="audience-report">
      <dl className="report-counts">
        {counts.map(([label, value, key]) => (
          <div key={key} className={`report-count report-count--${key}`} data-testid={`count-${key}`}>
            <dt>{label}</dt>
            <dd>{formatCount(value)}</dd>
          </div>
        ))}
      </dl>
      <p className="hint" data-testid="zone-sources">
        Time zone found by: {sources.map(([label, value]) => `${label} ${formatCount(value)}`).join(' · ')}
      </p>
      {byCountrySource && (
        <p className="hint" data-testid="country-sources">
          Country read from: {COUNTRY_SOURCES.map((source) => `${COUNTRY_SOURCE_LABELS[source]} ${formatCount(byCountrySource[source])}`).join(' · ')}
        </p>
      )}
      <div className="row-actions">
        <button type="button" onClick={() => void download()} disabled={downloading || detail.invalidRows === 0}>
          {downloading ? 'Preparing…' : `Download invalid rows (CSV, ${formatCount(detail.invalidRows)})`}
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {issues.length > 0 && (
        <div className="table-scroll issues-scroll">
          <table className="data-table" aria-label="Rows that need attention">
            <ColumnHeaders columns={['Row', 'Problem', 'Value', 'Why']} />
            <tbody>
              {issues.map((issue) => (
                <tr key={`${issue.rowNumber}-${issue.kind}`} data-testid="issue-row">
                  <td className="mono">{issue.rowNumber}</td>
                  <td>
                    <span className={`badge badge--issue-${issue.kind}`}>{KIND_LABELS[issue.kind]}</span>
                  </td>
                  <td className="mono">{issue.value}</td>
                  <td>{issue.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {issues.length < issuesTotal && (
            <button type="button" onClick={() => void loadMore()}>
              Show more ({formatCount(issuesTotal - issues.length)} left)
            </button>
          )}
        </div>
      )}
    </div>
  );
}
