import { forEachEngine } from '../support/engines';
import { expect } from 'chai';
import * as path from 'node:path';
import { idempotencyStoreContract } from './idempotency-store.contract';
import { InMemoryIdempotencyStore } from '../fakes/in-memory-ordering';
import { SqliteStore } from '../../src/infrastructure/persistence/data-source';
import { SqlIdempotencyStore } from '../../src/infrastructure/persistence/ordering/sql-order.repository';
import { migrateFile } from '../support/migrate';
import { tempDir } from '../support/temp';

idempotencyStoreContract('in-memory fake', async () => ({ store: new InMemoryIdempotencyStore(), close: async () => undefined }));

forEachEngine((engine, open) =>
  idempotencyStoreContract(`SQL adapter on ${engine}`, async () => {
    const { store, close } = await open();
    return { store: new SqlIdempotencyStore(store), close };
  }),
);

describe('SqlIdempotencyStore: a key stored by the previous version', () => {
  it('a response stored in the wire shape (API.md §7.1) is read back as the same receipt', async () => {
    const file = path.join(tempDir(), 'idempotency-legacy.db');
    await migrateFile(file);
    const store = await SqliteStore.open(file);
    try {
      const wire = {
        id: 41,
        cliente_id: 1,
        fecha: '2026-11-30T12:00:00.000000',
        fecha_creacion: '30/11/2026 09:00:00',
        estado: 'pendiente',
        notas: 'sin sal',
        creado_por: 'vendedor1',
        cliente_nombre: 'Carnicería Don José',
        pdf_generado: 1,
        repartidor: null,
        cliente: null,
        productos: null,
        total: 1020.5,
      };
      await store.write((m) =>
        m.query('INSERT INTO idempotency_keys (username, idem_key, response_json, created_at) VALUES (?, ?, ?, ?)', [
          'vendedor1',
          'k-old',
          JSON.stringify(wire),
          '2026-11-30T12:00:00Z',
        ]),
      );
      expect(await new SqlIdempotencyStore(store).find('vendedor1', 'k-old')).to.deep.equal({
        id: 41,
        clientId: 1,
        clientName: 'Carnicería Don José',
        placedAt: '2026-11-30T12:00:00.000000',
        createdAtDisplay: '30/11/2026 09:00:00',
        notes: 'sin sal',
        createdBy: 'vendedor1',
        pdfGenerated: true,
        total: 1020.5,
      });
    } finally {
      await store.close();
    }
  });
});
