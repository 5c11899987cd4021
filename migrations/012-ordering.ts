import type { Migration } from './migration';

export const m012Ordering: Migration = {
  id: '012_ordering_price_snapshot_idempotency',
  description: 'detalles_pedido.precio_unitario (price when ordered), idempotency_keys, indexes for the order list filters',
  steps: [
    // Nullable: lines written before it (or by the original after a rollback) fall back to the current price.
    { kind: 'addColumn', table: 'detalles_pedido', column: 'precio_unitario', definition: 'REAL' },
    {
      kind: 'createTable',
      table: 'idempotency_keys',
      columns:
        'id INTEGER PRIMARY KEY AUTOINCREMENT, username TEXT NOT NULL, idem_key TEXT NOT NULL, response_json TEXT NOT NULL, ' +
        'created_at TEXT NOT NULL, UNIQUE(username, idem_key)',
    },
    { kind: 'createIndex', name: 'idx_idempotency_keys_created_at', table: 'idempotency_keys', columns: 'created_at' },
    { kind: 'createIndex', name: 'idx_pedidos_estado_fecha', table: 'pedidos', columns: 'estado, fecha' },
    { kind: 'createIndex', name: 'idx_pedidos_creado_por_fecha', table: 'pedidos', columns: 'creado_por, fecha' },
    { kind: 'createIndex', name: 'idx_pedidos_cliente_fecha', table: 'pedidos', columns: 'cliente_id, fecha' },
    { kind: 'createIndex', name: 'idx_historial_pedidos_pedido_id', table: 'historial_pedidos', columns: 'pedido_id' },
    { kind: 'createIndex', name: 'idx_productos_categoria_id', table: 'productos', columns: 'categoria_id' },
    { kind: 'createIndex', name: 'idx_clientes_vendedor_id', table: 'clientes', columns: 'vendedor_id' },
  ],
};
