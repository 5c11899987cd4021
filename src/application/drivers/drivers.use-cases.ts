import { type Result, ok, err } from '../../domain/shared/result';
import { type DomainError, domainError } from '../../domain/shared/domain-error';
import type { TransactionRunner } from '../shared/shared.ports';
import { type Driver, type DriverRepository } from './drivers.ports';

export interface DriversDeps {
  readonly drivers: DriverRepository;
  readonly tx: TransactionRunner;
}

type NotFound = DomainError<'DRIVER_NOT_FOUND'>;
type Exists = DomainError<'DRIVER_EXISTS'>;
const notFound = (): NotFound => domainError('DRIVER_NOT_FOUND', 'Repartidor no encontrado');
const exists = (): Exists => domainError('DRIVER_EXISTS', 'Ya existe un repartidor con ese nombre');

export class ListDrivers {
  constructor(private readonly d: DriversDeps) {}
  execute(input: { includeInactive: boolean }): Promise<Driver[]> {
    return this.d.drivers.list(input.includeInactive);
  }
}

export class GetDriver {
  constructor(private readonly d: DriversDeps) {}
  async execute(id: number): Promise<Result<Driver, NotFound>> {
    const driver = await this.d.drivers.get(id);
    return driver ? ok(driver) : err(notFound());
  }
}

/** A new, active driver; the name is trimmed and must be unique. */
export class CreateDriver {
  constructor(private readonly d: DriversDeps) {}
  execute(input: { name: string; phone: string | null; color: string | null }): Promise<Result<Driver, Exists>> {
    return this.d.tx.run(async () => {
      const name = input.name.trim();
      if ((await this.d.drivers.idByName(name)) !== null) return err(exists());
      const id = await this.d.drivers.create({ ...input, name });
      return ok((await this.d.drivers.get(id))!);
    });
  }
}

/** Partial update: absent or null fields stay as they are (§13.3.4). */
export class UpdateDriver {
  constructor(private readonly d: DriversDeps) {}
  execute(
    id: number,
    patch: { name: string | null; phone: string | null; color: string | null; active: boolean | null },
  ): Promise<Result<Driver, NotFound | Exists>> {
    return this.d.tx.run(async () => {
      const current = await this.d.drivers.get(id);
      if (!current) return err(notFound());
      const name = patch.name === null ? current.name : patch.name.trim();
      const other = await this.d.drivers.idByName(name);
      if (other !== null && other !== id) return err(exists());
      const next: Driver = {
        id,
        name,
        phone: patch.phone ?? current.phone,
        color: patch.color ?? current.color,
        active: patch.active ?? current.active,
      };
      await this.d.drivers.update(id, next);
      return ok(next);
    });
  }
}

/** Soft delete: `activo = 0`; existing orders keep the name. */
export class DeactivateDriver {
  constructor(private readonly d: DriversDeps) {}
  execute(id: number): Promise<Result<void, NotFound>> {
    return this.d.tx.run(async () => {
      const current = await this.d.drivers.get(id);
      if (!current) return err(notFound());
      await this.d.drivers.update(id, { ...current, active: false });
      return ok(undefined);
    });
  }
}
