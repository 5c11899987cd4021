/** A line of an order as the list shows it. */
export interface OrderLineView {
  readonly id: number;
  readonly producto_id: number;
  readonly nombre: string;
  /** The unit price when ordered; the current price for lines older than the snapshot column. */
  readonly precio: number;
  readonly cantidad: number;
  readonly tipo: string;
}

/** The fields every order view shows. */
export interface OrderHeaderView {
  readonly id: number;
  readonly cliente_id: number;
  readonly fecha: string | null;
  readonly estado: string | null;
  readonly notas: string | null;
  readonly creado_por: string | null;
  readonly cliente_nombre: string;
  readonly pdf_generado: number;
  readonly repartidor: string | null;
  readonly fecha_creacion: string | null;
  readonly fecha_entrega: string | null;
}

export interface OrderListItem extends OrderHeaderView {
  readonly fecha_generacion: string | null;
  readonly generado_por: string | null;
  readonly ultimo_editor: string | null;
  readonly fecha_ultima_edicion: string | null;
  readonly dispositivo: string | null;
  readonly productos: OrderLineView[];
}

export interface OrderListFilter {
  readonly clienteId: number | null;
  readonly fechaInicio: string | null;
  readonly fechaFin: string | null;
  readonly estado: string | null;
  /** Only this creator's orders (a vendedor's own, or an admin's filter). */
  readonly creadoPor: string | null;
  /** PEDIDOS_DESDE: orders before it are not listed. */
  readonly desde: string | null;
  readonly limit: number;
}

export interface OrderDetail extends OrderHeaderView {
  readonly items: { producto_id: number; producto_nombre: string; cantidad: number; precio_unitario: number; tipo: string }[];
}

export interface StockNeed {
  readonly id: number;
  readonly nombre: string;
  readonly stock_actual: number;
  readonly stock_tipo: string | null;
  readonly cantidad_necesaria: number;
  readonly tipo_pedido: string | null;
}

/** Read models of orders, each answered with a constant number of queries. */
export interface OrderQueries {
  list(filter: OrderListFilter): Promise<OrderListItem[]>;
  detail(id: number): Promise<OrderDetail | null>;
  /** Orders in one of `states` created before `before` (UTC ISO), oldest first. */
  /** `creadoPor`: only that user's orders (null: everyone's). */
  old(states: readonly string[], before: string, desde: string | null, limit: number, creadoPor: string | null): Promise<Omit<OrderListItem, 'productos'>[]>;
  creators(): Promise<string[]>;
  /** `creadoPor`: only the lines of that user's orders among `orderIds` (null: all). */
  stockNeeds(orderIds: readonly number[], creadoPor: string | null): Promise<StockNeed[]>;
  exportRows(desde: string | null, hasta: string | null): AsyncIterable<{ id: number; cliente: string; fecha: string | null; estado: string | null; notas: string | null; creado_por: string | null }>;
}
export const ORDER_QUERIES = Symbol('OrderQueries');
