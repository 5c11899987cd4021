import type { Migration } from './migration';

export const m013TemplatesAndPriceListTimestamps: Migration = {
  id: '013_templates_price_list_timestamps',
  description: 'templates + template_productos (recurring orders, §13.9) when missing; listas_precios.created_at/updated_at (nullable)',
  steps: [
    // The original's router creates these lazily with exactly these columns; a file that has them keeps its rows.
    {
      kind: 'createTable',
      table: 'templates',
      columns:
        'id INTEGER PRIMARY KEY AUTOINCREMENT, nombre TEXT NOT NULL, cliente_id INTEGER REFERENCES clientes(id), frecuencia TEXT, ultima_ejecucion TEXT',
    },
    {
      kind: 'createTable',
      table: 'template_productos',
      columns:
        'id INTEGER PRIMARY KEY AUTOINCREMENT, template_id INTEGER NOT NULL REFERENCES templates(id) ON DELETE CASCADE, ' +
        "producto_id INTEGER NOT NULL REFERENCES productos(id), cantidad REAL NOT NULL DEFAULT 1, tipo TEXT DEFAULT 'unidad'",
    },
    { kind: 'createIndex', name: 'idx_template_productos_template_id', table: 'template_productos', columns: 'template_id' },
    { kind: 'createIndex', name: 'idx_template_productos_producto_id', table: 'template_productos', columns: 'producto_id' },
    // Schema-created lists have only fecha_creacion; the original's PUT wrote updated_at and failed there (§13.2.5).
    { kind: 'addColumn', table: 'listas_precios', column: 'created_at', definition: 'TEXT' },
    { kind: 'addColumn', table: 'listas_precios', column: 'updated_at', definition: 'TEXT' },
    { kind: 'createIndex', name: 'idx_clientes_lista_precio_id', table: 'clientes', columns: 'lista_precio_id' },
  ],
};
