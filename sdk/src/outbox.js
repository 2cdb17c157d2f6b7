export const QUEUE_KEY = 'allegro_queue';
export const DROPPED_KEY = 'allegro_dropped';
export const CAP = 500;

/**
 * Events not yet confirmed by the server, kept in localStorage so that neither a failed request
 * nor a closed page loses them: `{id, event, attempt, due}`, oldest first, at most `cap` (the
 * oldest dropped first, and counted).
 */
export function createOutbox(storage, cap = CAP) {
  const read = () => {
    try {
      const items = JSON.parse(storage.get(QUEUE_KEY) || '[]');
      return Array.isArray(items) ? items : [];
    } catch (e) {
      return [];
    }
  };
  const write = (items) => (items.length ? storage.set(QUEUE_KEY, JSON.stringify(items)) : storage.remove(QUEUE_KEY));
  const dropped = () => parseInt(storage.get(DROPPED_KEY), 10) || 0;
  return {
    all: read,
    dropped,
    /** Adds an item; returns how many of the oldest were dropped to stay within the cap. */
    add(item) {
      const items = read().filter((i) => i.id !== item.id);
      items.push(item);
      const over = Math.max(0, items.length - cap);
      if (over) storage.set(DROPPED_KEY, String(dropped() + over));
      write(items.slice(over));
      return over;
    },
    remove(ids) {
      write(read().filter((i) => ids.indexOf(i.id) < 0));
    },
    update(ids, change) {
      write(read().map((i) => (ids === null || ids.indexOf(i.id) >= 0 ? change(i) : i)));
    },
  };
}

export const BASE_DELAY = 1000;
export const MAX_DELAY = 5 * 60 * 1000;

/**
 * How long to wait before attempt `attempt + 1`: exponential from 1 s up to 5 minutes, half of
 * it random (so that many pages recovering from one outage do not retry in step), and never less
 * than the server's Retry-After.
 */
export function retryDelay(attempt, retryAfterSeconds, random = Math.random) {
  const ceiling = Math.min(MAX_DELAY, BASE_DELAY * Math.pow(2, attempt));
  return Math.max(ceiling / 2 + (random() * ceiling) / 2, (retryAfterSeconds || 0) * 1000);
}

/** Retry-After as seconds from `now`: delta-seconds or an HTTP date; 0 when absent or unreadable. */
export function parseRetryAfter(value, now) {
  if (!value) return 0;
  if (/^\s*\d+\s*$/.test(value)) return parseInt(value, 10);
  const at = Date.parse(value);
  return isNaN(at) ? 0 : Math.max(0, (at - now) / 1000);
}
