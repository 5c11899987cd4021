import type Router from '@koa/router';
import { IsIn, IsOptional, IsString, Length, MaxLength, ValidateIf } from 'class-validator';
import type { ListDrivers, GetDriver, CreateDriver, UpdateDriver, DeactivateDriver } from '../../../application/drivers/drivers.use-cases';
import type { Guards } from '../auth.middleware';
import type { RateLimiter } from '../rate-limit';
import { unwrap } from '../errors';
import { jsonBody, pathId, queryBool, validated } from '../validation';
import { driverView } from './drivers.views';

const present = (_: object, v: unknown) => v !== null && v !== undefined;

export class DriverBody {
  @IsString() @Length(2, 100) nombre!: string;
  @IsOptional() @ValidateIf(present) @IsString() @MaxLength(20) telefono?: string | null;
  @IsOptional() @ValidateIf(present) @IsString() @MaxLength(20) color?: string | null;
}

export class DriverPatch {
  @IsOptional() @ValidateIf(present) @IsString() @Length(2, 100) nombre?: string | null;
  @IsOptional() @ValidateIf(present) @IsString() @MaxLength(20) telefono?: string | null;
  @IsOptional() @ValidateIf(present) @IsString() @MaxLength(20) color?: string | null;
  @IsOptional() @ValidateIf(present) @IsIn([0, 1], { message: 'activo debe ser 0 o 1' }) activo?: 0 | 1 | null;
}

export interface DriversRoutesDeps {
  readonly listDrivers: ListDrivers;
  readonly getDriver: GetDriver;
  readonly createDriver: CreateDriver;
  readonly updateDriver: UpdateDriver;
  readonly deactivateDriver: DeactivateDriver;
  readonly guards: Guards;
  readonly limiter: RateLimiter;
}

/** Delivery drivers (API.md §13.3). */
export function registerDriversRoutes(router: Router, d: DriversRoutesDeps): void {
  const { user, admin } = d.guards;
  const read = d.limiter.for('read', 'repartidores');
  const write = d.limiter.for('write', 'repartidores');
  router.get('/api/repartidores', read, user, async (ctx) => {
    ctx.body = (await d.listDrivers.execute({ includeInactive: queryBool(ctx, 'incluir_inactivos', false) })).map(driverView);
  });
  router.get('/api/repartidores/:id', read, user, async (ctx) => {
    ctx.body = driverView(unwrap(await d.getDriver.execute(pathId(ctx))));
  });
  router.post('/api/repartidores', write, user, async (ctx) => {
    const b = await validated(DriverBody, jsonBody(ctx));
    ctx.body = driverView(unwrap(await d.createDriver.execute({ name: b.nombre, phone: b.telefono ?? null, color: b.color ?? null })));
    ctx.status = 201;
  });
  router.put('/api/repartidores/:id', write, user, async (ctx) => {
    const id = pathId(ctx);
    const b = await validated(DriverPatch, jsonBody(ctx));
    const patch = {
      name: b.nombre ?? null,
      phone: b.telefono ?? null,
      color: b.color ?? null,
      active: b.activo === undefined || b.activo === null ? null : b.activo === 1,
    };
    ctx.body = driverView(unwrap(await d.updateDriver.execute(id, patch)));
  });
  router.delete('/api/repartidores/:id', write, admin, async (ctx) => {
    unwrap(await d.deactivateDriver.execute(pathId(ctx)));
    ctx.body = { msg: 'Repartidor desactivado exitosamente' };
  });
}
