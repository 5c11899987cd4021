import type Redis from 'ioredis';
import type { Logger } from '../../application/shared/shared.ports';

/**
 * A Redis connection for counters several instances share (the rate limits). Commands fail at once
 * while Redis is unreachable (no offline queue, one attempt), so a request never waits on it; the
 * connection keeps retrying in the background.
 */
export function openRedisCounters(url: string, logger: Logger): { client: Redis; onError(e: unknown): void; close(): void } {
  // Loaded only when REDIS_URL is set: the embedded deployment never pays for ioredis at start-up.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous, on-demand load
  const IORedis = (require('ioredis') as { default: typeof Redis }).default;
  const client = new IORedis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false, keyPrefix: 'chorizaurio:' });
  let warned = 0;
  const warn = (e: unknown) => {
    // One line per minute at most: a down Redis must not flood the log.
    if (Date.now() - warned < 60_000) return;
    warned = Date.now();
    logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'REDIS_URL unreachable: rate limits are not counted until it is back');
  };
  client.on('error', warn);
  return { client, onError: warn, close: () => client.disconnect() };
}
