import * as http from 'node:http';
import type Koa from 'koa';
import { errorBody } from './errors';

export interface RunningServer {
  readonly server: http.Server;
  readonly port: number;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then closes the rest. */
  stop(graceMs?: number): Promise<void>;
}

export function listen(app: Koa, host: string, port: number): Promise<RunningServer> {
  const handle = app.callback();
  let stopping = false;
  // Once stopping, every answer closes its connection: a keep-alive client cannot keep sending
  // requests into a server that is shutting down, and each connection ends after its response.
  const server = http.createServer((req, res) => {
    if (stopping) res.shouldKeepAlive = false;
    void handle(req, res);
  });
  // What Node's HTTP parser refuses before Koa sees it (a URL or headers over 16 KB, a malformed
  // request line) still gets the §0.2 error body, never an empty 431 or 400.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => answerClientError(error, socket));
  // Keep-alive a little longer than typical proxies so they never reuse a closed socket.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      resolve({
        server,
        port: actualPort,
        stop: (graceMs = 10_000) =>
          new Promise<void>((done) => {
            stopping = true;
            const force = setTimeout(() => server.closeAllConnections(), graceMs);
            force.unref();
            // Connections that finish their response become idle: close them as they do.
            const sweep = setInterval(() => server.closeIdleConnections(), 50);
            sweep.unref();
            server.close(() => {
              clearTimeout(force);
              clearInterval(sweep);
              done();
            });
            server.closeIdleConnections();
          }),
      });
    });
  });
}

function answerClientError(error: NodeJS.ErrnoException, socket: import('node:stream').Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'La solicitud es demasiado grande: la URL o las cabeceras superan los 16 KB']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'La solicitud tardó demasiado en llegar']
        : [400, 'Bad Request', 'Solicitud HTTP mal formada'];
  const body = JSON.stringify(errorBody(status, message));
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
