import { MAX_PRICE } from '../../domain/shared/limits';
import { type Result, ok, err } from '../../domain/shared/result';
import { type DomainError, domainError } from '../../domain/shared/domain-error';
import { utcNaiveSeconds } from '../../domain/shared/shop-time';
import type { Clock } from '../shared/shared.ports';
import type { TransactionRunner } from '../shared/shared.ports';
import { type PriceList, type SpecialPrice, type PriceListFields, type PriceListRepository } from './price-lists.ports';

export interface PriceListsDeps {
  readonly lists: PriceListRepository;
  readonly tx: TransactionRunner;
  readonly clock: Clock;
}

type NotFound = DomainError<'PRICE_LIST_NOT_FOUND'>;
type Invalid = DomainError<'PRICE_LIST_INVALID'>;
type Exists = DomainError<'PRICE_LIST_EXISTS'>;
type ProductNotFound = DomainError<'PRODUCT_NOT_FOUND'>;
type SpecialNotFound = DomainError<'SPECIAL_PRICE_NOT_FOUND'>;
const notFound = (): NotFound => domainError('PRICE_LIST_NOT_FOUND', 'Lista no encontrada');
const exists = (): Exists => domainError('PRICE_LIST_EXISTS', 'Ya existe una lista con ese nombre');
const invalid = (message: string): Invalid => domainError('PRICE_LIST_INVALID', message);

/** Trimmed, non-empty name; a multiplier that is a positive number (0 or absent means 1.0, as the original). */
function checkFields(f: { name: string; description: string | null; multiplier: number | null }): Result<PriceListFields, Invalid> {
  const name = f.name.trim();
  if (!name) return err(invalid('El nombre de la lista es requerido'));
  if (name.length > 100) return err(invalid('El nombre de la lista no puede superar 100 caracteres'));
  const multiplier = f.multiplier === null || f.multiplier === 0 ? 1.0 : f.multiplier;
  if (!Number.isFinite(multiplier) || multiplier < 0 || multiplier > 100)
    return err(invalid('El multiplicador debe ser un número mayor que 0 (1 = sin ajuste)'));
  return ok({ name, description: (f.description ?? '').trim(), multiplier });
}

export class ListPriceLists {
  constructor(private readonly d: PriceListsDeps) {}
  execute(): Promise<PriceList[]> {
    return this.d.lists.list();
  }
}

/** The list with its special prices, under both keys the two frontends read (§13.2.3, §13.2.9). */
export class GetPriceList {
  constructor(private readonly d: PriceListsDeps) {}
  async execute(id: number): Promise<Result<{ list: PriceList; prices: SpecialPrice[] }, NotFound>> {
    const list = await this.d.lists.get(id);
    if (!list) return err(notFound());
    return ok({ list, prices: await this.d.lists.specialPrices(id) });
  }
}

export class CreatePriceList {
  constructor(private readonly d: PriceListsDeps) {}
  execute(input: { name: string; description: string | null; multiplier: number | null }): Promise<Result<PriceList, Invalid | Exists>> {
    const fields = checkFields(input);
    if (!fields.ok) return Promise.resolve(fields);
    return this.d.tx.run(async () => {
      if ((await this.d.lists.idByName(fields.value.name)) !== null) return err(exists());
      const id = await this.d.lists.create(fields.value, utcNaiveSeconds(this.d.clock.now()));
      return ok((await this.d.lists.get(id))!);
    });
  }
}

/** Partial update: null or absent fields keep their value (§13.2.5, fixed for schema-created files). */
export class UpdatePriceList {
  constructor(private readonly d: PriceListsDeps) {}
  execute(
    id: number,
    patch: { name: string | null; description: string | null; multiplier: number | null },
  ): Promise<Result<PriceList, NotFound | Invalid | Exists>> {
    return this.d.tx.run(async () => {
      const current = await this.d.lists.get(id);
      if (!current) return err(notFound());
      if (patch.name === null && patch.description === null && patch.multiplier === null) return ok(current);
      const fields = checkFields({
        name: patch.name ?? current.name,
        description: patch.description ?? current.description,
        multiplier: patch.multiplier ?? current.multiplier,
      });
      if (!fields.ok) return fields;
      const other = await this.d.lists.idByName(fields.value.name);
      if (other !== null && other !== id) return err(exists());
      await this.d.lists.update(id, fields.value, utcNaiveSeconds(this.d.clock.now()));
      return ok((await this.d.lists.get(id))!);
    });
  }
}

/** Deletes the list; its clients are left without a list, as the screen's confirmation promises (§13.2.6). */
export class DeletePriceList {
  constructor(private readonly d: PriceListsDeps) {}
  execute(id: number): Promise<Result<{ clientsUnassigned: number }, NotFound>> {
    return this.d.tx.run(async () => {
      const current = await this.d.lists.get(id);
      if (!current) return err(notFound());
      await this.d.lists.remove(id);
      return ok({ clientsUnassigned: current.clientCount });
    });
  }
}

/** Adds or replaces one product's special price in a list (§13.2.7). */
export class SetSpecialPrice {
  constructor(private readonly d: PriceListsDeps) {}
  execute(listId: number, input: { productId: number; precio: number }): Promise<Result<void, NotFound | ProductNotFound | Invalid>> {
    if (!Number.isFinite(input.precio) || input.precio < 0 || input.precio > MAX_PRICE)
      return Promise.resolve(err(invalid(`El precio especial debe ser un número de 0 a ${MAX_PRICE}`)));
    return this.d.tx.run(async () => {
      if (!(await this.d.lists.get(listId))) return err(notFound());
      if (!(await this.d.lists.productExists(input.productId))) return err(domainError('PRODUCT_NOT_FOUND', 'Producto no encontrado'));
      await this.d.lists.setSpecialPrice(listId, input.productId, input.precio);
      return ok(undefined);
    });
  }
}

export class RemoveSpecialPrice {
  constructor(private readonly d: PriceListsDeps) {}
  execute(listId: number, productId: number): Promise<Result<void, SpecialNotFound>> {
    return this.d.tx.run(async () =>
      (await this.d.lists.removeSpecialPrice(listId, productId))
        ? ok(undefined)
        : err(domainError('SPECIAL_PRICE_NOT_FOUND', 'Precio especial no encontrado')),
    );
  }
}
