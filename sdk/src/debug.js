const KEY = 'allegro_debug';

/**
 * Debug logging, on by any of: the script's data-debug attribute (not "false"),
 * `window.__allegro.debug`, `?allegro_debug=1` (remembered in localStorage; `=0` forgets it), or
 * `allegro.debug()` (remembered too).
 */
export function debugSwitch({ attribute, configured, storage, search }) {
  const asked = /[?&]allegro_debug=([01])(&|$)/.exec(search || '');
  if (asked) asked[1] === '1' ? storage.set(KEY, '1') : storage.remove(KEY);
  let on = (attribute !== null && attribute !== undefined && attribute !== 'false') || configured === true || storage.get(KEY) === '1';
  return {
    on: () => on,
    set(value) {
      on = value;
      value ? storage.set(KEY, '1') : storage.remove(KEY);
    },
  };
}
