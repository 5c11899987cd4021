import { token } from '../shared/token';

/** A delivery driver (API.md §13.3): a picker list; orders keep the driver's name as text. */
export interface Driver {
  readonly id: number;
  readonly nombre: string;
  readonly telefono: string | null;
  readonly color: string | null;
  readonly activo: 0 | 1;
}

/** repartidores. */
export interface DriverRepository {
  /** By nombre; inactive ones only when asked. */
  list(includeInactive: boolean): Promise<Driver[]>;
  get(id: number): Promise<Driver | null>;
  /** The id of the driver with exactly this name, if any. */
  idByName(nombre: string): Promise<number | null>;
  create(d: { nombre: string; telefono: string | null; color: string | null }): Promise<number>;
  update(id: number, d: Driver): Promise<void>;
}
export const DRIVER_REPOSITORY = token<DriverRepository>('DriverRepository', ['list', 'get', 'idByName', 'create', 'update']);
