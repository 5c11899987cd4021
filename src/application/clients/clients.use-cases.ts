import { type Result, ok, err } from '../../domain/shared/result';
import { type DomainError, domainError } from '../../domain/shared/domain-error';
import type { TransactionRunner } from '../shared/shared.ports';
import { forEachId } from '../shared/bulk';
import type { UserRepository } from '../users/users.ports';
import type { ClientData, ClientRepository, Client } from './clients.ports';

export interface ClientsDeps {
  readonly clients: ClientRepository;
  readonly users: UserRepository;
  readonly tx: TransactionRunner;
}

const notFound = () => domainError('CLIENT_NOT_FOUND', 'Cliente no encontrado');
type NotFound = DomainError<'CLIENT_NOT_FOUND'>;
type BadVendedor = DomainError<'VENDEDOR_NOT_FOUND'>;

async function checkVendedor(d: ClientsDeps, id: number | null): Promise<BadVendedor | null> {
  if (id === null || (await d.users.findById(id))) return null;
  return domainError('VENDEDOR_NOT_FOUND', `Vendedor con ID ${id} no existe`);
}

export class ListClients {
  constructor(private readonly d: ClientsDeps) {}
  execute(): Promise<Client[]> {
    return this.d.clients.list();
  }
}

export class GetClient {
  constructor(private readonly d: ClientsDeps) {}
  async execute(id: number): Promise<Result<Client, NotFound>> {
    const c = await this.d.clients.get(id);
    return c ? ok(c) : err(notFound());
  }
}

/** A new client; an exact duplicate name is refused (the shop's rule). */
export class CreateClient {
  constructor(private readonly d: ClientsDeps) {}
  execute(data: ClientData): Promise<Result<Client, DomainError<'CLIENT_EXISTS'> | BadVendedor>> {
    return this.d.tx.run(async () => {
      if (await this.d.clients.existsWithName(data.name)) return err(domainError('CLIENT_EXISTS', 'El cliente ya existe'));
      const bad = await checkVendedor(this.d, data.sellerId);
      if (bad) return err(bad);
      const id = await this.d.clients.create(data);
      return ok((await this.d.clients.get(id))!);
    });
  }
}

/** Full replacement of a client's fields. */
export class UpdateClient {
  constructor(private readonly d: ClientsDeps) {}
  execute(id: number, data: ClientData): Promise<Result<Client, NotFound | BadVendedor>> {
    return this.d.tx.run(async () => {
      if (!(await this.d.clients.get(id))) return err(notFound());
      const bad = await checkVendedor(this.d, data.sellerId);
      if (bad) return err(bad);
      await this.d.clients.update(id, data);
      return ok((await this.d.clients.get(id))!);
    });
  }
}

export type DeleteClientError = NotFound | DomainError<'CLIENT_HAS_ORDERS'>;

/** Deletes clients without orders (never cascades into orders). Bulk: per-id results. */
export class DeleteClients {
  constructor(private readonly d: ClientsDeps) {}

  async one(id: number): Promise<Result<void, DeleteClientError>> {
    return this.d.tx.run(async () => {
      if (!(await this.d.clients.get(id))) return err(notFound());
      if ((await this.d.clients.countOrders(id)) > 0) {
        return err(domainError('CLIENT_HAS_ORDERS', 'No se puede eliminar el cliente porque tiene pedidos asociados'));
      }
      await this.d.clients.remove(id);
      return ok(undefined);
    });
  }

  many(ids: readonly number[]): Promise<{ deleted: number; errors: { id: number; error: string }[] }> {
    return forEachId(ids, (id) => this.one(id));
  }
}
