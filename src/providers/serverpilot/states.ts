import { statusMap } from '../kit/status-map.js';

/** Action status of the document: open until the work completes, then success or error. */
export const actionState = statusMap({
  running: ['open'],
  succeeded: ['success'],
  failed: ['error'],
});
