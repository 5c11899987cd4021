/**
 * The heavy modules the server loads on first use, never at start (#18): the start-up test
 * (test/architecture/lazy-modules.spec.ts) and the bundle's test (test/integration/server-bundle.spec.ts)
 * check the same list.
 */
export const LAZY = ['exceljs', 'pdfkit', 'fontkit', 'sharp', 'ioredis', '@sentry/node', 'pg', 'swagger-ui-dist/swagger-ui-bundle.js'];
