/** The platform's code behind a refusal, for support: folded away, never part of the sentence. */
export function ErrorDetails({ code }: { code: string | undefined }) {
  if (!code) return null;
  return (
    <details className="error-details" data-testid="error-details">
      <summary>Details</summary>
      <span>
        Platform code: <code>{code}</code>
      </span>
    </details>
  );
}
