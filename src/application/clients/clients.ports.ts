import { token } from '../shared/token';
/** A client of the shop (clientes), with the username of the vendedor it is assigned to. */
export interface Client {
  readonly id: number;
  readonly name: string;
  readonly phone: string | null;
  readonly address: string | null;
  readonly zone: string | null;
  readonly sellerId: number | null;
  readonly sellerName: string | null;
}

/** What a client is created or replaced with. */
export interface ClientData {
  readonly name: string;
  readonly phone: string | null;
  readonly address: string | null;
  readonly zone: string | null;
  readonly sellerId: number | null;
}

/** clientes. */
export interface ClientRepository {
  /** Every client ordered by nombre, with the vendedor's username (one query). */
  list(): Promise<Client[]>;
  get(id: number): Promise<Client | null>;
  existsWithName(nombre: string): Promise<boolean>;
  create(data: ClientData): Promise<number>;
  /** Full replacement. */
  update(id: number, data: ClientData): Promise<void>;
  remove(id: number): Promise<void>;
  countOrders(id: number): Promise<number>;
  /** Rows for the CSV export, ordered by nombre, read in batches. */
  exportRows(): AsyncIterable<Omit<Client, 'sellerId' | 'sellerName'>>;
}
export const CLIENT_REPOSITORY = token<ClientRepository>('ClientRepository', [
  'list',
  'get',
  'existsWithName',
  'create',
  'update',
  'remove',
  'countOrders',
  'exportRows',
]);
