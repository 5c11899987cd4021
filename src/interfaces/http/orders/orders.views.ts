import type { OrderHeaderRow, OrderListRow, OrderReceipt } from '../../../application/ordering/ordering.ports';
import type { StockPreview } from '../../../application/ordering/order-queries.use-cases';
import type { ChangedOrder } from '../../../application/ordering/order-lifecycle.use-cases';
import { toCents } from '../../../domain/shared/money';

/** The Pedido shape of API.md §7.1 as create returns it. */
export const placedOrderView = (r: OrderReceipt) => ({
  id: r.id,
  cliente_id: r.clientId,
  fecha: r.placedAt,
  fecha_creacion: r.createdAtDisplay,
  estado: 'pendiente' as const,
  notas: r.notes,
  creado_por: r.createdBy,
  cliente_nombre: r.clientName,
  pdf_generado: r.pdfGenerated ? 1 : 0,
  repartidor: null,
  cliente: null,
  productos: null,
  total: toCents(r.total),
});

/** The Pedido shape of the estado response (API.md §7.1). */
export const orderStateView = ({ order, clientName }: ChangedOrder) => {
  const s = order.snapshot;
  return {
    id: order.id,
    cliente_id: s.clientId,
    fecha: s.placedAt,
    estado: s.state,
    notas: s.notes,
    creado_por: s.createdBy,
    cliente_nombre: clientName,
    pdf_generado: s.pdfGenerated ? 1 : 0,
    repartidor: s.driver,
    fecha_entrega: s.deliveredAt,
    cliente: null,
    productos: null,
  };
};

const headerView = (h: OrderHeaderRow) => ({
  id: h.id,
  cliente_id: h.clientId,
  fecha: h.placedAt,
  estado: h.state,
  notas: h.notes,
  creado_por: h.createdBy,
  cliente_nombre: h.clientName,
  pdf_generado: h.pdfGenerated,
  repartidor: h.driver,
  fecha_creacion: h.createdAtDisplay,
  fecha_generacion: h.pdfGeneratedAt,
  generado_por: h.pdfGeneratedBy,
  ultimo_editor: h.lastEditor,
  fecha_ultima_edicion: h.lastEditedAt,
  dispositivo: h.device,
  fecha_entrega: h.deliveredAt,
});

/** GET /api/pedidos: every header field and the lines as `productos` (API.md §7.3). */
export const orderListView = (o: OrderListRow) => ({
  ...headerView(o),
  productos: o.lines.map((l) => ({
    id: l.productId,
    producto_id: l.productId,
    nombre: l.productName,
    precio: l.price,
    cantidad: l.quantity,
    tipo: l.tipo,
  })),
});

/** GET /api/pedidos/{id}: the header and the lines as `items` (API.md §7.4). */
export const orderDetailView = (o: OrderListRow) => ({
  id: o.id,
  cliente_id: o.clientId,
  fecha: o.placedAt,
  estado: o.state,
  notas: o.notes,
  creado_por: o.createdBy,
  cliente_nombre: o.clientName,
  pdf_generado: o.pdfGenerated,
  repartidor: o.driver,
  fecha_creacion: o.createdAtDisplay,
  fecha_entrega: o.deliveredAt,
  items: o.lines.map((l) => ({
    producto_id: l.productId,
    producto_nombre: l.productName,
    cantidad: l.quantity,
    precio_unitario: l.price,
    tipo: l.tipo,
  })),
});

/** GET /api/pedidos/antiguos: the header and the client's name again as `cliente`. */
export const oldOrderView = (h: OrderHeaderRow) => ({ ...headerView(h), cliente: h.clientName });

/** POST /api/pedidos/preview_stock: both the current and the older response shapes. */
export const stockPreviewView = ({ needs, orderCount }: StockPreview) => ({
  productos: needs.map((n) => ({
    id: n.productId,
    nombre: n.name,
    stock_actual: n.stock,
    stock_tipo: n.stockUnit,
    cantidad_necesaria: n.needed,
    tipo_pedido: n.orderedUnit,
    stock_despues: n.stock - n.needed,
    insuficiente: n.stock - n.needed < 0,
  })),
  ok: true,
  pedidos_count: orderCount,
  stock_changes: needs.map((n) => ({
    nombre: n.name,
    stock_actual: n.stock,
    cantidad_a_restar: n.needed,
    stock_nuevo: Math.max(0, n.stock - n.needed),
  })),
  warnings: needs
    .filter((n) => n.stock - n.needed <= 0)
    .map((n) => ({
      producto: n.name,
      stock_actual: n.stock,
      cantidad_pedida: n.needed,
      mensaje: `⚠️ ${n.name} quedará en 0 (actual: ${n.stock}, pedido: ${n.needed})`,
    })),
});
