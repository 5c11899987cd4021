import type { Template } from '../../../application/templates/templates.ports';

/** A template as API.md §13.9.1 shapes it; `productos` only in the detail (null in the list). */
export const templateView = (t: Template) => ({
  id: t.id,
  nombre: t.name,
  cliente_id: t.clientId,
  cliente_nombre: t.clientName,
  frecuencia: t.frequency,
  ultima_ejecucion: t.lastRun,
  productos_count: t.productCount,
  productos: t.lines && t.lines.map((l) => ({ producto_id: l.productId, nombre: l.productName, cantidad: l.quantity, tipo: l.tipo })),
});
