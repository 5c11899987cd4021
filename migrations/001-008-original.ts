import type { Migration } from './migration';

/*
 * The existing backend's eight migrations, with its exact ids so that a database it migrated
 * shows them as applied. Each one tolerates a missing table: on a brand-new file the tables are
 * created by 009 with these columns already in place.
 */

export const m001EnsureActivoDefault: Migration = {
  id: '001_ensure_activo_default',
  description: 'usuarios.activo exists (DEFAULT 1); existing users are never reactivated',
  steps: [{ kind: 'addColumn', table: 'usuarios', column: 'activo', definition: 'INTEGER DEFAULT 1' }],
};

export const m002EnsureLastLoginColumn: Migration = {
  id: '002_ensure_last_login_column',
  description: 'usuarios.last_login exists',
  steps: [{ kind: 'addColumn', table: 'usuarios', column: 'last_login', definition: 'TEXT' }],
};

export const m003EnsureForeignKeys: Migration = {
  id: '003_ensure_foreign_keys',
  description: 'foreign keys are enforced per connection (PRAGMA foreign_keys=ON on every open)',
  steps: [{ kind: 'noop', why: 'foreign_keys is a connection setting, applied by the storage adapter on every connection' }],
};

export const m004CreateBackupMetadata: Migration = {
  id: '004_create_backup_metadata',
  description: 'backup_log table',
  steps: [
    {
      kind: 'createTable',
      table: 'backup_log',
      columns: 'id INTEGER PRIMARY KEY AUTOINCREMENT, filename TEXT, created_at TEXT, size_bytes INTEGER, checksum_md5 TEXT, reason TEXT',
    },
  ],
};

export const m005CreateRepartidoresTable: Migration = {
  id: '005_create_repartidores_table',
  description: 'repartidores table (delivery drivers)',
  steps: [
    {
      kind: 'createTable',
      table: 'repartidores',
      columns:
        'id INTEGER PRIMARY KEY AUTOINCREMENT, nombre TEXT NOT NULL UNIQUE, telefono TEXT, activo INTEGER DEFAULT 1, color TEXT, ' +
        'created_at TEXT DEFAULT CURRENT_TIMESTAMP',
    },
  ],
};

export const m006AddRepartidorToPedidos: Migration = {
  id: '006_add_repartidor_to_pedidos',
  description: 'pedidos.repartidor',
  steps: [{ kind: 'addColumn', table: 'pedidos', column: 'repartidor', definition: 'TEXT' }],
};

export const m007AddOfertasAdvancedTypes: Migration = {
  id: '007_add_ofertas_advanced_types',
  description: 'ofertas: tipo, reglas_json, compra/paga cantidad, regalo producto/cantidad',
  steps: [
    { kind: 'addColumn', table: 'ofertas', column: 'tipo', definition: "TEXT DEFAULT 'porcentaje'" },
    { kind: 'addColumn', table: 'ofertas', column: 'reglas_json', definition: 'TEXT' },
    { kind: 'addColumn', table: 'ofertas', column: 'compra_cantidad', definition: 'INTEGER' },
    { kind: 'addColumn', table: 'ofertas', column: 'paga_cantidad', definition: 'INTEGER' },
    { kind: 'addColumn', table: 'ofertas', column: 'regalo_producto_id', definition: 'INTEGER' },
    { kind: 'addColumn', table: 'ofertas', column: 'regalo_cantidad', definition: 'INTEGER' },
  ],
};

export const m008AddVendedorToClientes: Migration = {
  id: '008_add_vendedor_to_clientes',
  description: 'clientes.vendedor_id → usuarios(id)',
  steps: [{ kind: 'addColumn', table: 'clientes', column: 'vendedor_id', definition: 'INTEGER REFERENCES usuarios(id)' }],
};
