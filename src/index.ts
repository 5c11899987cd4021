/**
 * Chorizaurio backend — the public library API.
 *
 * Use cases (each with `execute(input)`), their input/output/error types, the ports they consume
 * (with their container tokens) and `createContainer()`, which wires them to the SQLite, filesystem
 * and security adapters. Interface adapters (HTTP, CLI) are built on top of these.
 */
export type { Result } from './domain/shared/result';
export type { DomainError } from './domain/shared/domain-error';

// Maintenance: migrations
export { RunMigrations } from './application/maintenance/run-migrations.use-case';
export type { RunMigrationsInput, RunMigrationsOutput, RunMigrationsError } from './application/maintenance/run-migrations.use-case';
export { GetMigrationStatus } from './application/maintenance/get-migration-status.use-case';
export type { MigrationStatusOutput } from './application/maintenance/get-migration-status.use-case';
export { MarkMigrationApplied } from './application/maintenance/mark-migration-applied.use-case';
export type { MarkMigrationAppliedInput, MarkMigrationAppliedError } from './application/maintenance/mark-migration-applied.use-case';
export { MIGRATION_RUNNER } from './application/maintenance/maintenance.ports';
export type { MigrationRunner, MigrationProvenance } from './application/maintenance/maintenance.ports';
export { PRE_MIGRATION_BACKUP } from './application/maintenance/maintenance.ports';
export type { PreMigrationBackup } from './application/maintenance/maintenance.ports';
export type { KnownMigration, RecordedMigration, MigrationPlanError } from './domain/maintenance/migration-plan';

// Auth
export { SignIn } from './application/auth/sign-in.use-case';
export type { SignInInput, SignInOutput } from './application/auth/sign-in.use-case';
export { Authenticate } from './application/auth/authenticate.use-case';
export type { CurrentUser } from './application/auth/authenticate.use-case';
export { SignOut, RefreshToken, PurgeExpiredRevocations } from './application/auth/session.use-cases';
export type { AuthenticationError, SignInError } from './application/auth/auth.errors';
export { TOKEN_SERVICE } from './application/auth/auth.ports';
export type { TokenService, TokenClaims, TokenCheck } from './application/auth/auth.ports';
export { REVOKED_TOKEN_REPOSITORY } from './application/auth/auth.ports';
export type { RevokedTokenRepository } from './application/auth/auth.ports';

// Users
export { ReactivateUser } from './application/users/reactivate-user.use-case';
export type { ReactivateUserInput, ReactivateUserError } from './application/users/reactivate-user.use-case';
export {
  ListUsers,
  GetUser,
  DeactivateUser,
  ChangeUserRole,
  ResetUserPassword,
  DeleteUser,
  RegisterUser,
  ChangeOwnPassword,
} from './application/users/user-admin.use-cases';
export type { DeleteUserError, RegisterUserError, ChangeOwnPasswordError } from './application/users/user-admin.use-cases';
export type { UserSummary } from './application/users/user-summary';
export { EnsureAdminUser } from './application/users/ensure-admin-user.use-case';
export type { EnsureAdminUserInput, EnsureAdminUserOutcome } from './application/users/ensure-admin-user.use-case';
export { USER_REPOSITORY } from './application/users/users.ports';
export type { UserRepository } from './application/users/users.ports';
export { PASSWORD_HASHER } from './application/users/users.ports';
export type { PasswordHasher } from './application/users/users.ports';

// Ordering
export { PlaceOrder, PurgeIdempotencyKeys } from './application/ordering/place-order.use-case';
export type { PlaceOrderInput, PlaceOrderError } from './application/ordering/place-order.use-case';
export { Order } from './domain/ordering/order';
export type { OrderSnapshot, OrderLine, OrderHistoryEntry } from './domain/ordering/order';
export {
  ChangeOrderState,
  UpdateOrderNotes,
  AssignOrderClient,
  AddOrderItem,
  UpdateOrderItem,
  RemoveOrderItem,
  DeleteOrders,
} from './application/ordering/order-lifecycle.use-cases';
export type { OrderActor, ChangedOrder } from './application/ordering/order-lifecycle.use-cases';
export { ListOrders, GetOrder, ListOldOrders, ListOrderCreators, PreviewStock } from './application/ordering/order-queries.use-cases';
export { ORDER_REPOSITORY, IDEMPOTENCY_STORE, CLIENT_LOOKUP, ORDER_QUERIES } from './application/ordering/ordering.ports';
export type {
  OrderRepository,
  IdempotencyStore,
  ClientLookup,
  OrderReceipt,
  OrderQueries,
  OrderListRow,
  OrderHeaderRow,
} from './application/ordering/ordering.ports';

// Clients and catalog
export { ListClients, GetClient, CreateClient, UpdateClient, DeleteClients } from './application/clients/clients.use-cases';
export { CLIENT_REPOSITORY } from './application/clients/clients.ports';
export type { ClientRepository, Client, ClientData } from './application/clients/clients.ports';
export {
  ListProducts,
  GetProduct,
  GetProductImages,
  CreateProduct,
  UpdateProduct,
  AdjustStock,
  DeleteProducts,
  ListCategories,
  GetCategory,
  SaveCategory,
  DeleteCategory,
  UploadImage,
} from './application/catalog/catalog.use-cases';
export { PRODUCT_REPOSITORY, CATEGORY_REPOSITORY, IMAGE_STORE, IMAGE_OPTIMIZER } from './application/catalog/catalog.ports';
export type {
  ProductRepository,
  CategoryRepository,
  ImageStore,
  ImageOptimizer,
  Product,
  Category,
} from './application/catalog/catalog.ports';

// Backups
export {
  CreateBackup,
  ListBackups,
  DownloadBackup,
  DeleteBackup,
  GetBackupStatus,
  SnapshotBeforeMigration,
} from './application/backups/backups.use-cases';
export type { CreateBackupError, BackupDeps, BackupSettings } from './application/backups/backups.use-cases';
export { BACKUP_MAKER, BACKUP_STORE, MAINTENANCE_LOCK, BACKUP_RUN_LOG } from './application/backups/backups.ports';
export type { BackupMaker, BackupStore, MaintenanceLock, BackupRunLog, BackupRun } from './application/backups/backups.ports';
export type { BackupEntry, BackupKind } from './domain/backups/backup';
export { RestoreBackup, PreviewRestore, UploadBackup, DryRunMigrations } from './application/backups/restore.use-cases';
export type {
  RestoreDeps,
  RestoreInput,
  RestoreOutput,
  RestoreSource,
  RestorePreview,
  RestoreError,
  CandidateError,
  DryRunResult,
} from './application/backups/restore.use-cases';
export { DATABASE_FILE_INSPECTOR, SCRATCH_DATABASES, LIVE_DATABASE } from './application/backups/backups.ports';
export type {
  DatabaseFileInspector,
  DatabaseFileReport,
  ScratchDatabase,
  ScratchDatabases,
  LiveDatabase,
} from './application/backups/backups.ports';
export { ADMIN_QUERIES } from './application/admin/admin.ports';
export type { AdminQueries } from './application/admin/admin.ports';

// The shop's other screens: offers, drivers, tags, price lists, templates, dashboard, reports, printed documents
export {
  ListOffers,
  ListActiveOffers,
  GetOffer,
  CreateOffer,
  UpdateOffer,
  DeleteOffer,
  ToggleOffer,
} from './application/offers/offers.use-cases';
export { Oferta } from './domain/offers/offer';
export { ListDrivers, GetDriver, CreateDriver, UpdateDriver, DeactivateDriver } from './application/drivers/drivers.use-cases';
export { DRIVER_REPOSITORY } from './application/drivers/drivers.ports';
export { ListTags, ListProductsWithTags, CreateTag, DeleteTag, TagProduct, UntagProduct } from './application/tags/tags.use-cases';
export { TAG_REPOSITORY } from './application/tags/tags.ports';
export {
  ListPriceLists,
  GetPriceList,
  CreatePriceList,
  UpdatePriceList,
  DeletePriceList,
  SetSpecialPrice,
  RemoveSpecialPrice,
} from './application/price-lists/price-lists.use-cases';
export { PRICE_LIST_REPOSITORY } from './application/price-lists/price-lists.ports';
export type { PriceList, SpecialPrice, PriceListRepository } from './application/price-lists/price-lists.ports';
export {
  ListTemplates,
  GetTemplate,
  CreateTemplate,
  UpdateTemplate,
  DeleteTemplate,
  RunTemplate,
} from './application/templates/templates.use-cases';
export { TEMPLATE_REPOSITORY } from './application/templates/templates.ports';
export type { Template, TemplateLine, TemplateRepository } from './application/templates/templates.ports';
export { DashboardMetrics, OrdersPerDay, StockAlerts, UserStatistics, SalesStatistics } from './application/dashboard/dashboard.use-cases';
export { DASHBOARD_QUERIES } from './application/dashboard/dashboard.ports';
export {
  SalesReport,
  InventoryReport,
  ClientsReport,
  ProductsReport,
  PerformanceReport,
  ComparisonReport,
} from './application/reports/reports.use-cases';
export { REPORT_QUERIES } from './application/reports/reports.ports';
export type { ReportQueries } from './application/reports/reports.ports';
export { GenerateOrdersPdf, GenerateRouteSheet, MAX_PRINTED_ORDERS } from './application/printing/printing.use-cases';
export { PRINT_QUERIES, PDF_RENDERER } from './application/printing/printing.ports';
export type { PrintQueries, PdfRenderer } from './application/printing/printing.ports';

// Health
export { CheckHealth } from './application/health/check-health.use-case';
export type { HealthOutput } from './application/health/check-health.use-case';
export { DATABASE_PROBE } from './application/health/health.ports';
export type { DatabaseProbe } from './application/health/health.ports';

// Shared ports
export { CLOCK } from './application/shared/shared.ports';
export type { Clock } from './application/shared/shared.ports';
export { TRANSACTION_RUNNER } from './application/shared/shared.ports';
export type { TransactionRunner } from './application/shared/shared.ports';
export { AUDIT_LOG } from './application/shared/shared.ports';
export type { AuditLog, AuditEntry } from './application/shared/shared.ports';
export type { Actor } from './application/shared/actor';

// Composition
export { createContainer, buildHttpApp, CONFIG, STORE, LOGGER } from './container';
export type { ContainerDeps } from './container';
export { SqliteStore } from './infrastructure/persistence/data-source';
export { parseConfig, loadEnv } from './infrastructure/config/env-config';
export type { AppConfig } from './infrastructure/config/env-config';
