import type { Driver, DriverRepository } from '../../../application/drivers/drivers.ports';
import type { SqliteStore } from '../data-source';
import { exec, insertReturningId } from '../sql-helpers';

const SELECT = 'SELECT id, nombre, telefono, color, CASE WHEN COALESCE(activo, 1) = 0 THEN 0 ELSE 1 END AS activo FROM repartidores';

export class SqlDriverRepository implements DriverRepository {
  constructor(private readonly store: SqliteStore) {}

  list(includeInactive: boolean): Promise<Driver[]> {
    return this.store.query<Driver>(`${SELECT}${includeInactive ? '' : ' WHERE COALESCE(activo, 1) <> 0'} ORDER BY nombre, id`);
  }

  async get(id: number): Promise<Driver | null> {
    return (await this.store.query<Driver>(`${SELECT} WHERE id = ?`, [id]))[0] ?? null;
  }

  async idByName(nombre: string): Promise<number | null> {
    return (await this.store.query<{ id: number }>('SELECT id FROM repartidores WHERE nombre = ? LIMIT 1', [nombre]))[0]?.id ?? null;
  }

  create(d: { nombre: string; telefono: string | null; color: string | null }): Promise<number> {
    return insertReturningId(this.store, 'INSERT INTO repartidores (nombre, telefono, color, activo) VALUES (?, ?, ?, 1)', [
      d.nombre,
      d.telefono,
      d.color,
    ]);
  }

  async update(id: number, d: Driver): Promise<void> {
    await exec(this.store, 'UPDATE repartidores SET nombre = ?, telefono = ?, color = ?, activo = ? WHERE id = ?', [
      d.nombre,
      d.telefono,
      d.color,
      d.activo,
      id,
    ]);
  }
}
