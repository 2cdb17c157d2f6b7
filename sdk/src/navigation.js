/**
 * Calls `onNavigate(previousUrl)` when a single-page app moves to another page: pushState to
 * another URL, replaceState to another path, or popstate (back, forward) to another URL. A change
 * of the fragment alone is no new page.
 */
export function watchNavigation({ history, location, addEventListener, onNavigate }) {
  const page = () => location.pathname + location.search;
  let last = { path: location.pathname, page: page(), href: location.href };

  function check(pathOnly) {
    const now = { path: location.pathname, page: page(), href: location.href };
    const moved = pathOnly ? now.path !== last.path : now.page !== last.page;
    const previous = last.href;
    last = now;
    if (moved) onNavigate(previous);
  }
  for (const [name, pathOnly] of [['pushState', false], ['replaceState', true]]) {
    const original = history[name];
    history[name] = function () {
      const result = original.apply(this, arguments);
      check(pathOnly);
      return result;
    };
  }
  addEventListener('popstate', () => check(false));
}
