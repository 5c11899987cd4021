import { expect } from 'chai';
import { startApp, login, bearer } from '../support/http-app';

describe('e2e: the product list cache is never stale', () => {
  it('serves the same JSON until any commit — by the API or by another process — changes the database', async () => {
    const app = await startApp({ fixture: 'original-current.db' });
    try {
      const token = await login(app, 'admin', 'friosur2026');
      const list = async (q = '?lite=true') => {
        const res = await fetch(`${app.url}/api/productos${q}`, { headers: bearer(token) });
        expect(res.headers.get('content-type')).to.match(/application\/json/);
        return (await res.json()) as { id: number; precio: number; imagen_url: string | null }[];
      };
      const first = await list();
      expect(await list()).to.deep.equal(first);
      const id = first[0]!.id;
      const full = (await list('')).find((p) => p.id === id)!;
      const res = await fetch(`${app.url}/api/productos/${id}/stock`, {
        method: 'PATCH',
        headers: { ...bearer(token), 'Content-Type': 'application/json' },
        body: '{"stock": 4321}',
      });
      expect(res.status).to.equal(200);
      expect((await list()).find((p) => p.id === id)).to.include({ stock: 4321 });
      // Another process (the sqlite3 shell, a CLI) commits: the next list sees it.
      await app.exec(`UPDATE productos SET precio = 999.5 WHERE id = ${id}`);
      expect((await list()).find((p) => p.id === id)).to.include({ precio: 999.5 });
      // Queries are cached separately: lite hides images, the full list keeps them.
      expect((await list('')).find((p) => p.id === id)!.imagen_url).to.equal(full.imagen_url);
      expect((await list('?q=zzzz-no-such-product')).length).to.equal(0);
    } finally {
      await app.close();
    }
  });
});
