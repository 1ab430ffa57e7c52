import { HostingError } from './errors.js';

/** Sleeps unless the signal fires first; an abort rejects with a `cancelled` HostingError. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(cancelled());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function cancelled(): HostingError {
  return new HostingError('cancelled', 'The request was cancelled before it finished.');
}
