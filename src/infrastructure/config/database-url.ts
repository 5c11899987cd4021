/**
 * A PostgreSQL connection URL (`postgres://user[:password]@host[:port]/database[?…]`), checked:
 * the scheme, a host, a port in range and a database name. Returns what is wrong, in words, or
 * null. The password is never part of the message.
 */
export function databaseUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL; it must look like postgres://user:password@host:5432/database';
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    return `has the scheme ${url.protocol.replace(/:$/, '')}; it must be postgres:// or postgresql://`;
  if (!url.hostname) return 'names no host; it must look like postgres://user:password@host:5432/database';
  if (url.port && (Number(url.port) < 1 || Number(url.port) > 65535)) return `has the port ${url.port}, out of range`;
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database) return 'names no database (the part after the last /)';
  if (database.includes('/')) return `names the database "${database}", which has a /`;
  return null;
}

/** The URL with its password replaced, for messages and logs. */
export const redactedUrl = (text: string): string => {
  try {
    const url = new URL(text);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(invalid URL)';
  }
};

/** What is wrong with a Redis URL, or null. */
export function redisUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL; it must look like redis://host:6379 or rediss://user:password@host:6380/0';
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    return `has the scheme ${url.protocol.replace(/:$/, '')}; it must be redis:// or rediss://`;
  if (!url.hostname) return 'names no host';
  return null;
}
