/**
 * An updater for the setter of react-router's useSearchParams: sets each given parameter, removes those given
 * as undefined (or empty). With `backToFirstPage`, a paged list goes back to its first page (`page` is
 * removed) unless the change is the page itself.
 */
export function withParams(changes: Record<string, string | undefined>, { backToFirstPage = false } = {}) {
  return (current: URLSearchParams) => {
    const next = new URLSearchParams(current);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (backToFirstPage && !('page' in changes)) next.delete('page');
    return next;
  };
}
