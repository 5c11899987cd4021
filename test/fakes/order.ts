/** Binary order by name then id, as SQLite's ORDER BY nombre, id. */
export const byName =
  <T extends { id: number }>(name: (t: T) => string) =>
  (a: T, b: T) =>
    name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : a.id - b.id;
