import type { Driver } from '../../../application/drivers/drivers.ports';

/** A repartidor of API.md §13.3: `activo` as 0 or 1. */
export const driverView = (d: Driver) => ({ id: d.id, nombre: d.name, telefono: d.phone, color: d.color, activo: d.active ? 1 : 0 });
