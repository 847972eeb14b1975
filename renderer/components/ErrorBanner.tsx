/** A failure the person must read before going on, announced to screen readers; nothing when there is none. */
export function ErrorBanner({ message }: { message: string | null | undefined | false }) {
  if (!message) return null;
  return (
    <p className="error-banner" role="alert">
      {message}
    </p>
  );
}
