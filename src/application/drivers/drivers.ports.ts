import { token } from '../shared/token';

/** A delivery driver (API.md §13.3): a picker list; orders keep the driver's name as text. */
export interface Driver {
  readonly id: number;
  readonly name: string;
  readonly phone: string | null;
  readonly color: string | null;
  readonly active: boolean;
}

/** repartidores. */
export interface DriverRepository {
  /** By name; inactive ones only when asked. */
  list(includeInactive: boolean): Promise<Driver[]>;
  get(id: number): Promise<Driver | null>;
  /** The id of the driver with exactly this name, if any. */
  idByName(name: string): Promise<number | null>;
  create(d: { name: string; phone: string | null; color: string | null }): Promise<number>;
  update(id: number, d: Driver): Promise<void>;
}
export const DRIVER_REPOSITORY = token<DriverRepository>('DriverRepository', ['list', 'get', 'idByName', 'create', 'update']);
