/**
 * localStorage that never throws (private modes, storage disabled, quota): what it cannot keep
 * there it keeps in memory for the page's life.
 */
export function safeStorage(local) {
  const memory = {};
  return {
    get(key) {
      try {
        if (local) return local.getItem(key);
      } catch (e) {
        // memory below
      }
      return key in memory ? memory[key] : null;
    },
    set(key, value) {
      memory[key] = value;
      try {
        if (local) local.setItem(key, value);
      } catch (e) {
        // kept in memory
      }
    },
    remove(key) {
      delete memory[key];
      try {
        if (local) local.removeItem(key);
      } catch (e) {
        // nothing to remove
      }
    },
  };
}
