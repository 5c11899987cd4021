import type { ClientData, ClientRepository, Client } from '../../../application/clients/clients.ports';
import type { ClientLookup } from '../../../application/ordering/ordering.ports';
import type { SqlStore } from '../sql-store';
import { exec, insertReturningId, keysetPages, rowExists } from '../sql-helpers';

const SELECT =
  'SELECT c.id, c.nombre AS name, c.telefono AS phone, c.direccion AS address, c.zona AS zone, c.vendedor_id AS "sellerId", u.username AS "sellerName" ' +
  'FROM clientes c LEFT JOIN usuarios u ON u.id = c.vendedor_id';

export class SqlClientRepository implements ClientRepository, ClientLookup {
  constructor(private readonly store: SqlStore) {}

  list(): Promise<Client[]> {
    return this.store.query<Client>(`${SELECT} ORDER BY c.nombre, c.id`);
  }

  async get(id: number): Promise<Client | null> {
    return (await this.store.query<Client>(`${SELECT} WHERE c.id = ?`, [id]))[0] ?? null;
  }

  async existsWithName(nombre: string): Promise<boolean> {
    return (await this.store.query('SELECT 1 FROM clientes WHERE nombre = ? LIMIT 1', [nombre])).length > 0;
  }

  create(d: ClientData): Promise<number> {
    return insertReturningId(this.store, 'INSERT INTO clientes (nombre, telefono, direccion, zona, vendedor_id) VALUES (?, ?, ?, ?, ?)', [
      d.name,
      d.phone,
      d.address,
      d.zone,
      d.sellerId,
    ]);
  }

  async update(id: number, d: ClientData): Promise<void> {
    await exec(this.store, 'UPDATE clientes SET nombre = ?, telefono = ?, direccion = ?, zona = ?, vendedor_id = ? WHERE id = ?', [
      d.name,
      d.phone,
      d.address,
      d.zone,
      d.sellerId,
      id,
    ]);
  }

  async remove(id: number): Promise<void> {
    await this.store.write(async (m) => {
      // A recurring-order template keeps its lines but loses the client (its FK would refuse the delete).
      await m.query('UPDATE templates SET cliente_id = NULL WHERE cliente_id = ?', [id]);
      await m.query('DELETE FROM clientes WHERE id = ?', [id]);
    });
  }

  async countOrders(id: number): Promise<number> {
    return Number((await this.store.query<{ n: number }>('SELECT count(*) AS n FROM pedidos WHERE cliente_id = ?', [id]))[0]!.n);
  }

  exportRows() {
    return keysetPages<{ id: number; sort_key: string; name: string; phone: string | null; address: string | null; zone: string | null }>(
      this.store,
      'SELECT * FROM (SELECT id, nombre AS sort_key, nombre AS name, telefono AS phone, direccion AS address, zona AS zone FROM clientes) page ' +
        'WHERE 1 = 1{{after}}',
      [],
      { column: 'sort_key', direction: 'ASC' },
    );
  }

  clientExists(id: number): Promise<boolean> {
    return rowExists(this.store, 'clientes', id);
  }

  async clientName(id: number): Promise<string | null> {
    return (await this.store.query<{ nombre: string }>('SELECT nombre FROM clientes WHERE id = ?', [id]))[0]?.nombre ?? null;
  }
}
