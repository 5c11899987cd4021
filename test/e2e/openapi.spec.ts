import { expect } from 'chai';
import { Validator } from '@seriousme/openapi-schema-validator';
import { startApp, type RunningApp } from '../support/http-app';
import { buildOpenApiDocument } from '../../src/interfaces/http/openapi/openapi-document';
import { ROUTE_DOCS } from '../../src/interfaces/http/openapi/route-docs';

interface Doc {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      { summary: string; security?: unknown; 'x-roles'?: unknown; requestBody?: unknown; parameters?: { name: string; in: string }[] }
    >
  >;
  components: { schemas: Record<string, { required?: string[]; properties: Record<string, Record<string, unknown>> }> };
}

describe('e2e: the OpenAPI document (/openapi.json) and /docs', function () {
  this.timeout(60_000);
  let app: RunningApp;
  let doc: Doc;
  before(async () => {
    app = await startApp({ fixture: 'original-current.db' });
    const res = await fetch(`${app.url}/openapi.json`);
    expect(res.status).to.equal(200);
    doc = (await res.json()) as Doc;
  });
  after(async () => app?.close());

  it('is a valid OpenAPI 3.1 document (checked by an OpenAPI validator)', async () => {
    expect(doc.openapi).to.equal('3.1.0');
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)?.slice(0, 2000)).to.deep.equal([]);
    expect(result.valid).to.equal(true);
  });

  it('lists every registered route, and documents no route that does not exist', () => {
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{([A-Za-z_]+)\}/g, ':$1')}`),
    );
    const registered = app.routes.map((r) => `${r.method} ${r.path}`);
    expect(
      registered.filter((r) => !documented.includes(r)),
      'registered but missing from the document',
    ).to.deep.equal([]);
    expect(
      documented.filter((d) => !registered.includes(d)),
      'documented but not a route',
    ).to.deep.equal([]);
    // And the table itself holds no entry for a route that is gone.
    const built = buildOpenApiDocument(app.routes, ROUTE_DOCS, { version: 't', environment: 'test' });
    expect(built.undocumented).to.deep.equal([]);
    expect(built.unknown).to.deep.equal([]);
  });

  it('fails loudly for a route added without documentation, or documentation left for a removed route', () => {
    const routes = [...app.routes, { method: 'GET', path: '/api/nuevo', access: { kind: 'user' as const } }];
    const { 'GET /api/tags': _removed, ...docs } = ROUTE_DOCS;
    const built = buildOpenApiDocument(
      routes.filter((r) => r.path !== '/api/health'),
      { ...docs, 'GET /api/tags': ROUTE_DOCS['GET /api/tags']! },
      { version: 't', environment: 'test' },
    );
    expect(built.undocumented).to.deep.equal(['GET /api/nuevo']);
    expect(built.unknown).to.deep.equal(['GET /api/health']);
  });

  it('generates request schemas from the validation classes, and says who may call each route', () => {
    const state = doc.paths['/api/pedidos/{id}/estado']!.put!;
    expect(JSON.stringify(state.requestBody)).to.contain('#/components/schemas/StateBody');
    expect(doc.components.schemas.StateBody!.required).to.deep.equal(['estado']);
    expect(doc.components.schemas.StateBody!.properties.estado).to.deep.include({ type: 'string', maxLength: 50 });
    expect(doc.components.schemas.ProductBody!.properties.precio).to.deep.include({ type: 'number', minimum: 0 });
    expect(JSON.stringify(doc.paths['/api/login']!.post!.requestBody)).to.contain('application/x-www-form-urlencoded');
    expect(doc.paths['/api/pedidos/{id}/estado']!.put!['x-roles']).to.deep.equal(['admin', 'administrador']);
    expect(doc.paths['/api/pedidos/{id}/estado']!.put!.security).to.deep.equal([{ bearerAuth: [] }]);
    expect(doc.paths['/api/health']!.get!.security).to.equal(undefined);
    expect(doc.paths['/api/pedidos/{id}']!.get!.parameters).to.deep.include({
      name: 'id',
      in: 'path',
      required: true,
      schema: { type: 'integer', minimum: 1 },
    });
  });

  it('/docs is the Swagger UI page, served from this package; its asset route serves only its own files', async () => {
    const page = await fetch(`${app.url}/docs`);
    expect(page.headers.get('content-type')).to.match(/^text\/html/);
    expect(await page.text()).to.contain('/docs/swagger-ui-bundle.js');
    const bundle = await fetch(`${app.url}/docs/swagger-ui-bundle.js`);
    expect(bundle.status).to.equal(200);
    expect(bundle.headers.get('content-type')).to.match(/javascript/);
    for (const hostile of ['..%2F..%2Fpackage.json', '%2e%2e%2fpackage.json', 'index.html', 'swagger-ui-bundle.js.map', '.env'])
      expect((await fetch(`${app.url}/docs/${hostile}`)).status, hostile).to.equal(404);
  });

  it('is not served in production unless API_DOCS=true (as the original hides /docs in production)', async () => {
    const prod = await startApp({
      fixture: 'original-current.db',
      env: { ENVIRONMENT: 'production', API_DOCS: 'false', CORS_ORIGINS: 'https://pedidosfriosur.com' },
    });
    try {
      expect((await fetch(`${prod.url}/openapi.json`)).status).to.equal(404);
      expect((await fetch(`${prod.url}/docs`)).status).to.equal(404);
    } finally {
      await prod.close();
    }
    const on = await startApp({
      fixture: 'original-current.db',
      env: { ENVIRONMENT: 'production', API_DOCS: 'true', CORS_ORIGINS: 'https://pedidosfriosur.com' },
    });
    try {
      expect((await fetch(`${on.url}/openapi.json`)).status).to.equal(200);
    } finally {
      await on.close();
    }
  });
});
