/**
 * Active time of the current page view: a clock that runs only while the page is visible. Every
 * `intervalMs` it reports the running total in whole seconds; when the page is hidden it reports
 * once more and pauses; a new page view (SPA navigation) reports the old one's total and starts
 * again from 0. A total that rounds to 0, or that was already reported, is not sent.
 */
export function createHeartbeat({ intervalMs, send, now, setInterval, clearInterval }) {
  let eventId = null;
  let total = 0;
  let since = null;
  let timer = null;
  let last = 0;

  const seconds = () => Math.round((total + (since === null ? 0 : now() - since)) / 1000);

  function beat(final) {
    const s = seconds();
    if (eventId && s >= 1 && s !== last) {
      last = s;
      send(eventId, s, final);
    }
  }
  function stop() {
    if (timer !== null) clearInterval(timer);
    timer = null;
  }
  function pause() {
    if (since !== null) total += now() - since;
    since = null;
    stop();
  }
  function run() {
    stop();
    since = now();
    timer = setInterval(() => beat(false), intervalMs);
  }

  return {
    start(id, visible) {
      pause();
      beat(true);
      eventId = id;
      total = 0;
      last = 0;
      if (visible) run();
    },
    hide() {
      pause();
      beat(true);
    },
    show() {
      if (eventId && since === null) run();
    },
    seconds,
  };
}
