/**
 * Keeps a running job's lease while its handler runs: calls `extend` every third of the lease,
 * and aborts `controller` as soon as `extend` reports the lease gone (another worker took the job
 * over, or it was cancelled). A failed extension is reported and tried again at the next beat;
 * the lease lapses only if the beats keep failing. Returns the function that stops the beats.
 */
export function startHeartbeat(
  extend: () => Promise<boolean>,
  options: {
    leaseMs: number;
    controller: AbortController;
    onError: (error: Error, context: string) => void;
  },
): () => void {
  const timer = setInterval(
    () => {
      extend().then(
        (held) => {
          if (!held) options.controller.abort(new Error('lease lost'));
        },
        (error: unknown) => options.onError(error as Error, 'could not extend a job lease'),
      );
    },
    Math.max(100, Math.floor(options.leaseMs / 3)),
  );
  return () => clearInterval(timer);
}
