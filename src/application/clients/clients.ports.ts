import { token } from '../shared/token';
/** A client as the API shows it (API.md §4). */
export interface ClientView {
  readonly id: number;
  readonly nombre: string;
  readonly telefono: string | null;
  readonly direccion: string | null;
  readonly zona: string | null;
  readonly vendedor_id: number | null;
  readonly vendedor_nombre: string | null;
}

export interface ClientData {
  readonly nombre: string;
  readonly telefono: string | null;
  readonly direccion: string | null;
  readonly zona: string | null;
  readonly vendedorId: number | null;
}

/** clientes. */
export interface ClientRepository {
  /** Every client ordered by nombre, with the vendedor's username (one query). */
  list(): Promise<ClientView[]>;
  get(id: number): Promise<ClientView | null>;
  existsWithName(nombre: string): Promise<boolean>;
  create(data: ClientData): Promise<number>;
  /** Full replacement. */
  update(id: number, data: ClientData): Promise<void>;
  remove(id: number): Promise<void>;
  countOrders(id: number): Promise<number>;
  /** Rows for the CSV export, ordered by nombre, read in batches. */
  exportRows(): AsyncIterable<{ id: number; nombre: string; telefono: string | null; direccion: string | null; zona: string | null }>;
}
export const CLIENT_REPOSITORY = token<ClientRepository>('ClientRepository', ['list', 'get', 'existsWithName', 'create', 'update', 'remove', 'countOrders', 'exportRows']);
