import type { Migration, MigrationStep } from './migration';

/**
 * The full schema of the existing backend (API.md §11), table by table, column by column, as its
 * current generation has it. 009 creates the tables a file lacks; 010 adds the columns an older
 * generation lacks (its `pedidos` has no estado/repartidor/fecha_entrega, its `clientes` no
 * vendedor_id); 011 adds the original's indexes and cascade triggers.
 */
const TABLES: ReadonlyArray<{ table: string; columns: ReadonlyArray<[string, string]>; constraints?: string }> = [
  {
    table: 'usuarios',
    columns: [
      ['id', 'INTEGER PRIMARY KEY AUTOINCREMENT'],
      ['username', 'TEXT NOT NULL UNIQUE'],
      ['password_hash', 'TEXT NOT NULL'],
      ['rol', 'TEXT NOT NULL'],
      ['activo', 'INTEGER DEFAULT 1'],
      ['last_login', 'TEXT'],
    ],
  },
  {
    table: 'categorias',
    columns: [
      ['id', 'INTEGER PRIMARY KEY AUTOINCREMENT'],
      ['nombre', 'TEXT NOT NULL UNIQUE'],
      ['descripcion', 'TEXT'],
      ['color', "TEXT DEFAULT '#6366f1'"],
      ['orden', 'INTEGER DEFAULT 0'],
      ['activa', 'INTEGER DEFAULT 1'],
      ['fecha_creacion', 'TEXT'],
    ],
  },
  {
    table: 'listas_precios',
    columns: [
      ['id', 'INTEGER PRIMARY KEY AUTOINCREMENT'],
      ['nombre', 'TEXT NOT NULL UNIQUE'],
      ['descripcion', 'TEXT'],
      ['multiplicador', 'REAL DEFAULT 1.0'],
      ['activa', 'INTEGER DEFAULT 1'],
      ['fecha_creacion', 'TEXT'],
    ],
  },
  {
    table: 'clientes',
    columns: [
      ['id', 'INTEGER PRIMARY KEY AUTOINCREMENT'],
      ['nombre', 'TEXT NOT NULL'],
      ['telefono', 'TEXT'],
      ['direccion', 'TEXT'],
      ['zona', 'TEXT'],
      ['lista_precio_id', 'INTEGER REFERENCES listas_precios(id)'],
      ['vendedor_id', 'INTEGER REFERENCES usuarios(id)'],
    ],
  },
  {
    table: 'productos',
    columns: [
      ['id', 'INTEGER PRIMARY KEY AUTOINCREMENT'],
      ['nombre', 'TEXT NOT NULL'],
      ['precio', 'REAL NOT NULL'],
      ['categoria_id', 'INTEGER REFERENCES categorias(id)'],
      ['imagen_url', 'TEXT'],
      ['stock', 'INTEGER DEFAULT 0'],
      ['stock_minimo', 'REAL DEFAULT 10'],
      ['stock_tipo', "TEXT DEFAULT 'unidad'"],
    ],
  },
  {
    table: 'pedidos',
    columns: [
      ['id', 'INTEGER PRIMARY KEY AUTOINCREMENT'],
      ['cliente_id', 'INTEGER'],
      ['fecha', 'TEXT'],
      ['pdf_generado', 'INTEGER DEFAULT 0'],
      ['fecha_creacion', 'TEXT'],
      ['fecha_generacion', 'TEXT'],
      ['creado_por', 'TEXT'],
      ['generado_por', 'TEXT'],
      ['notas', 'TEXT'],
      ['dispositivo', 'TEXT'],
      ['user_agent', 'TEXT'],
      ['ultimo_editor', 'TEXT'],
      ['fecha_ultima_edicion', 'TEXT'],
      ['estado', "TEXT DEFAULT 'pendiente'"],
      ['repartidor', 'TEXT'],
      ['fecha_entrega', 'TEXT'],
    ],
    constraints: 'FOREIGN KEY(cliente_id) REFERENCES clientes(id)',
  },
  {
    table: 'detalles_pedido',
    columns: [
      ['id', 'INTEGER PRIMARY KEY AUTOINCREMENT'],
      ['pedido_id', 'INTEGER'],
      ['producto_id', 'INTEGER'],
      ['cantidad', 'REAL'],
      ['tipo', "TEXT DEFAULT 'unidad'"],
    ],
    constraints: 'FOREIGN KEY(pedido_id) REFERENCES pedidos(id), FOREIGN KEY(producto_id) REFERENCES productos(id)',
  },
  {
    table: 'historial_pedidos',
    columns: [
      ['id', 'INTEGER PRIMARY KEY AUTOINCREMENT'],
      ['pedido_id', 'INTEGER NOT NULL'],
      ['accion', 'TEXT NOT NULL'],
      ['usuario', 'TEXT NOT NULL'],
      ['fecha', 'TEXT NOT NULL'],
      ['detalles', 'TEXT'],
    ],
    constraints: 'FOREIGN KEY(pedido_id) REFERENCES pedidos(id)',
  },
  {
    table: 'audit_log',
    columns: [
      ['id', 'INTEGER PRIMARY KEY AUTOINCREMENT'],
      ['timestamp', 'TEXT NOT NULL'],
      ['usuario', 'TEXT NOT NULL'],
      ['accion', 'TEXT NOT NULL'],
      ['tabla', 'TEXT NOT NULL'],
      ['registro_id', 'INTEGER'],
      ['datos_antes', 'TEXT'],
      ['datos_despues', 'TEXT'],
      ['ip_address', 'TEXT'],
      ['user_agent', 'TEXT'],
    ],
  },
  {
    table: 'revoked_tokens',
    columns: [
      ['id', 'INTEGER PRIMARY KEY AUTOINCREMENT'],
      ['jti', 'TEXT NOT NULL UNIQUE'],
      ['revoked_at', 'TEXT NOT NULL'],
      ['expires_at', 'TEXT NOT NULL'],
      ['username', 'TEXT NOT NULL'],
    ],
  },
  {
    table: 'precios_lista',
    columns: [
      ['id', 'INTEGER PRIMARY KEY AUTOINCREMENT'],
      ['lista_id', 'INTEGER NOT NULL'],
      ['producto_id', 'INTEGER NOT NULL'],
      ['precio_especial', 'REAL NOT NULL'],
    ],
    constraints:
      'FOREIGN KEY(lista_id) REFERENCES listas_precios(id), FOREIGN KEY(producto_id) REFERENCES productos(id), UNIQUE(lista_id, producto_id)',
  },
  {
    table: 'pedidos_template',
    columns: [
      ['id', 'INTEGER PRIMARY KEY AUTOINCREMENT'],
      ['nombre', 'TEXT NOT NULL'],
      ['cliente_id', 'INTEGER'],
      ['frecuencia', 'TEXT'],
      ['activo', 'INTEGER DEFAULT 1'],
      ['ultima_ejecucion', 'TEXT'],
      ['proxima_ejecucion', 'TEXT'],
      ['creado_por', 'TEXT'],
      ['fecha_creacion', 'TEXT'],
    ],
    constraints: 'FOREIGN KEY(cliente_id) REFERENCES clientes(id)',
  },
  {
    table: 'detalles_template',
    columns: [
      ['id', 'INTEGER PRIMARY KEY AUTOINCREMENT'],
      ['template_id', 'INTEGER NOT NULL'],
      ['producto_id', 'INTEGER NOT NULL'],
      ['cantidad', 'REAL NOT NULL'],
      ['tipo', "TEXT DEFAULT 'unidad'"],
    ],
    constraints: 'FOREIGN KEY(template_id) REFERENCES pedidos_template(id), FOREIGN KEY(producto_id) REFERENCES productos(id)',
  },
  {
    table: 'tags',
    columns: [
      ['id', 'INTEGER PRIMARY KEY AUTOINCREMENT'],
      ['nombre', 'TEXT NOT NULL UNIQUE'],
      ['color', "TEXT DEFAULT '#6366f1'"],
      ['icono', "TEXT DEFAULT '🏷️'"],
      ['tipo', "TEXT DEFAULT 'tipo'"],
    ],
  },
  {
    table: 'productos_tags',
    columns: [
      ['producto_id', 'INTEGER NOT NULL'],
      ['tag_id', 'INTEGER NOT NULL'],
    ],
    constraints:
      'PRIMARY KEY (producto_id, tag_id), FOREIGN KEY (producto_id) REFERENCES productos(id) ON DELETE CASCADE, ' +
      'FOREIGN KEY (tag_id) REFERENCES tags(id) ON DELETE CASCADE',
  },
  {
    table: 'ofertas',
    columns: [
      ['id', 'INTEGER PRIMARY KEY AUTOINCREMENT'],
      ['titulo', 'TEXT NOT NULL'],
      ['descripcion', 'TEXT'],
      ['desde', 'TEXT NOT NULL'],
      ['hasta', 'TEXT NOT NULL'],
      ['activa', 'INTEGER DEFAULT 1'],
      ['descuento_porcentaje', 'REAL DEFAULT 10'],
      ['tipo', "TEXT DEFAULT 'porcentaje'"],
      ['reglas_json', 'TEXT'],
      ['compra_cantidad', 'INTEGER'],
      ['paga_cantidad', 'INTEGER'],
      ['regalo_producto_id', 'INTEGER'],
      ['regalo_cantidad', 'INTEGER'],
    ],
  },
  {
    table: 'oferta_productos',
    columns: [
      ['oferta_id', 'INTEGER NOT NULL'],
      ['producto_id', 'INTEGER NOT NULL'],
      ['cantidad', 'REAL DEFAULT 1'],
    ],
    constraints:
      'PRIMARY KEY (oferta_id, producto_id), FOREIGN KEY (oferta_id) REFERENCES ofertas(id) ON DELETE CASCADE, ' +
      'FOREIGN KEY (producto_id) REFERENCES productos(id) ON DELETE CASCADE',
  },
];

export const m009CreateCoreSchema: Migration = {
  id: '009_create_core_schema',
  description: 'every table of the original schema that the file lacks (a fresh install gets them all)',
  steps: TABLES.map((t): MigrationStep => ({
    kind: 'createTable',
    table: t.table,
    columns: [...t.columns.map(([c, d]) => `${c} ${d}`), ...(t.constraints ? [t.constraints] : [])].join(', '),
  })),
};

/*
 * ALTER TABLE ADD COLUMN cannot add a PRIMARY KEY, UNIQUE or NOT NULL-without-default column;
 * those only ever come with the table itself, so they are left out here.
 */
const addable = (definition: string): boolean => !/PRIMARY KEY|UNIQUE|NOT NULL/.test(definition);

export const m010AddMissingColumns: Migration = {
  id: '010_add_missing_columns',
  description: 'columns older generations lack: pedidos.estado (DEFAULT pendiente), fecha_entrega, … (additive only)',
  steps: TABLES.flatMap((t) =>
    t.columns
      .filter(([, d]) => addable(d))
      .map(([column, definition]): MigrationStep => ({ kind: 'addColumn', table: t.table, column, definition })),
  ),
};

const CASCADE_TRIGGERS: ReadonlyArray<{ name: string; table: string; body: string }> = [
  {
    name: 'delete_detalles_pedido_cascade',
    table: 'pedidos',
    body: 'BEFORE DELETE ON pedidos BEGIN DELETE FROM detalles_pedido WHERE pedido_id = OLD.id; END',
  },
  {
    name: 'delete_pedidos_cliente_cascade',
    table: 'clientes',
    body:
      'BEFORE DELETE ON clientes BEGIN DELETE FROM pedidos WHERE cliente_id = OLD.id; ' +
      'DELETE FROM pedidos_template WHERE cliente_id = OLD.id; END',
  },
  {
    name: 'delete_precios_lista_cascade',
    table: 'listas_precios',
    body: 'BEFORE DELETE ON listas_precios BEGIN DELETE FROM precios_lista WHERE lista_id = OLD.id; END',
  },
  {
    name: 'delete_detalles_template_cascade',
    table: 'pedidos_template',
    body: 'BEFORE DELETE ON pedidos_template BEGIN DELETE FROM detalles_template WHERE template_id = OLD.id; END',
  },
];

export const m011CreateIndexesAndTriggers: Migration = {
  id: '011_create_indexes_and_triggers',
  description: "the original's indexes and cascade triggers",
  steps: [
    { kind: 'createIndex', name: 'idx_revoked_tokens_jti', table: 'revoked_tokens', columns: 'jti' },
    { kind: 'createIndex', name: 'idx_pedidos_cliente_id', table: 'pedidos', columns: 'cliente_id' },
    { kind: 'createIndex', name: 'idx_pedidos_fecha', table: 'pedidos', columns: 'fecha' },
    { kind: 'createIndex', name: 'idx_detalles_pedido_pedido_id', table: 'detalles_pedido', columns: 'pedido_id' },
    { kind: 'createIndex', name: 'idx_detalles_pedido_producto_id', table: 'detalles_pedido', columns: 'producto_id' },
    { kind: 'createIndex', name: 'idx_productos_nombre', table: 'productos', columns: 'nombre' },
    { kind: 'createIndex', name: 'idx_clientes_nombre', table: 'clientes', columns: 'nombre' },
    ...CASCADE_TRIGGERS.map((t): MigrationStep => ({ kind: 'createTrigger', ...t })),
  ],
};
