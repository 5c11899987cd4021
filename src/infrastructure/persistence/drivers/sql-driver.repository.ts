import type { Driver, DriverRepository } from '../../../application/drivers/drivers.ports';
import type { SqlStore } from '../sql-store';
import { exec, insertReturningId } from '../sql-helpers';

const SELECT =
  'SELECT id, nombre AS name, telefono AS phone, color, CASE WHEN COALESCE(activo, 1) = 0 THEN 0 ELSE 1 END AS active FROM repartidores';

const toDriver = (r: Omit<Driver, 'active'> & { active: number }): Driver => ({ ...r, active: r.active === 1 });

export class SqlDriverRepository implements DriverRepository {
  constructor(private readonly store: SqlStore) {}

  async list(includeInactive: boolean): Promise<Driver[]> {
    const rows = await this.store.query<Omit<Driver, 'active'> & { active: number }>(
      `${SELECT}${includeInactive ? '' : ' WHERE COALESCE(activo, 1) <> 0'} ORDER BY nombre, id`,
    );
    return rows.map(toDriver);
  }

  async get(id: number): Promise<Driver | null> {
    const [row] = await this.store.query<Omit<Driver, 'active'> & { active: number }>(`${SELECT} WHERE id = ?`, [id]);
    return row ? toDriver(row) : null;
  }

  async idByName(nombre: string): Promise<number | null> {
    return (await this.store.query<{ id: number }>('SELECT id FROM repartidores WHERE nombre = ? LIMIT 1', [nombre]))[0]?.id ?? null;
  }

  create(d: { name: string; phone: string | null; color: string | null }): Promise<number> {
    return insertReturningId(this.store, 'INSERT INTO repartidores (nombre, telefono, color, activo) VALUES (?, ?, ?, 1)', [
      d.name,
      d.phone,
      d.color,
    ]);
  }

  async update(id: number, d: Driver): Promise<void> {
    await exec(this.store, 'UPDATE repartidores SET nombre = ?, telefono = ?, color = ?, activo = ? WHERE id = ?', [
      d.name,
      d.phone,
      d.color,
      d.active ? 1 : 0,
      id,
    ]);
  }
}
