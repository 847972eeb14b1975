import type { Refusal } from '../lib/error-message';
import { ErrorDetails } from './ErrorDetails';

/** A failure the person must read before going on, announced to screen readers; nothing when there is none. */
export function ErrorBanner({ message }: { message: string | Refusal | null | undefined | false }) {
  if (!message) return null;
  const refusal = typeof message === 'string' ? { message } : message;
  return (
    <div className="error-banner">
      <p role="alert">{refusal.message}</p>
      <ErrorDetails code={refusal.code} />
    </div>
  );
}
