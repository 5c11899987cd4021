import type { Migration } from './migration';
import {
  m001EnsureActivoDefault,
  m002EnsureLastLoginColumn,
  m003EnsureForeignKeys,
  m004CreateBackupMetadata,
  m005CreateRepartidoresTable,
  m006AddRepartidorToPedidos,
  m007AddOfertasAdvancedTypes,
  m008AddVendedorToClientes,
} from './001-008-original';
import { m009CreateCoreSchema, m010AddMissingColumns, m011CreateIndexesAndTriggers } from './009-011-core-schema';
import { m012Ordering } from './012-ordering';
import { m013TemplatesAndPriceListTimestamps } from './013-templates-price-lists';
import { m014OrderTotals } from './014-order-totals';

export type { Migration, MigrationStep } from './migration';

/**
 * Every migration, in execution order. Listed explicitly (no globs): adding one means adding a
 * line here, at the end. Never reorder, edit or remove a released entry.
 */
export const MIGRATIONS: readonly Migration[] = [
  m001EnsureActivoDefault,
  m002EnsureLastLoginColumn,
  m003EnsureForeignKeys,
  m004CreateBackupMetadata,
  m005CreateRepartidoresTable,
  m006AddRepartidorToPedidos,
  m007AddOfertasAdvancedTypes,
  m008AddVendedorToClientes,
  m009CreateCoreSchema,
  m010AddMissingColumns,
  m011CreateIndexesAndTriggers,
  m012Ordering,
  m013TemplatesAndPriceListTimestamps,
  m014OrderTotals,
];
