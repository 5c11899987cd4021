import type { Oferta } from '../../../domain/offers/offer';

/** The Oferta object of §13.1.2, with `productos` always filled (§13.1.11-2). */
export function offerView(o: Oferta) {
  const d = o.data;
  return {
    id: o.id,
    titulo: d.titulo,
    descripcion: d.descripcion,
    desde: d.desde,
    hasta: d.hasta,
    activa: d.activa ? 1 : 0,
    tipo: d.tipo,
    descuento_porcentaje: d.descuentoPorcentaje,
    reglas: d.reglas ? d.reglas.map((r) => ({ cantidad: r.cantidad, precio_unitario: r.precio_unitario })) : null,
    compra_cantidad: d.compraCantidad,
    paga_cantidad: d.pagaCantidad,
    regalo_producto_id: d.regaloProductoId,
    regalo_cantidad: d.regaloCantidad,
    productos: d.productos.map((p) => ({ producto_id: p.producto_id, cantidad: p.cantidad })),
  };
}

/** OfertaActiva (§13.1.2) with `productos` and `productos_ids` (§13.1.11-1). */
export function activeView(o: Oferta) {
  const v = offerView(o);
  return {
    id: v.id,
    titulo: v.titulo,
    tipo: v.tipo,
    descuento_porcentaje: v.descuento_porcentaje,
    reglas: v.reglas,
    compra_cantidad: v.compra_cantidad,
    paga_cantidad: v.paga_cantidad,
    regalo_producto_id: v.regalo_producto_id,
    regalo_cantidad: v.regalo_cantidad,
    productos_ids: v.productos.map((p) => p.producto_id),
    productos: v.productos,
  };
}
