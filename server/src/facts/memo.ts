/**
 * A function of a name, remembered. The facts never change while the process runs, and the rules ask
 * about the same names over and over (every call of a module, every use of an API), so each answer is
 * computed once. The names come from the user's code, so the memory is bounded: past `limit` names it
 * starts afresh, and a name longer than `longest` (an attribute chain thousands of links long) is not
 * kept. Answers are shared between callers, who must not change them.
 */
export function memoByName<T>(compute: (name: string) => T, limit = 20000, longest = 500): (name: string) => T {
  const cache = new Map<string, T>();
  return (name) => {
    if (name.length > longest) return compute(name);
    let value = cache.get(name);
    if (value === undefined) {
      if (cache.size >= limit) cache.clear();
      value = compute(name);
      cache.set(name, value);
    }
    return value;
  };
}
