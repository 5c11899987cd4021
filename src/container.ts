import { Container } from 'inversify';
import type { AppConfig } from './infrastructure/config/env-config';
import { appVersion } from './infrastructure/config/app-info';
import type { SqliteStore } from './infrastructure/persistence/data-source';
import { TypeOrmTransactionRunner } from './infrastructure/persistence/typeorm-transaction-runner';
import { SqliteMigrationRunner } from './infrastructure/persistence/migrations/sqlite-migration-runner';
import { TypeOrmUserRepository } from './infrastructure/persistence/users/typeorm-user.repository';
import { TypeOrmRevokedTokenRepository } from './infrastructure/persistence/auth/typeorm-revoked-token.repository';
import { TypeOrmAuditLog } from './infrastructure/persistence/audit/typeorm-audit-log';
import { SqliteDatabaseProbe } from './infrastructure/persistence/sqlite-database-probe';
import { BcryptPasswordHasher } from './infrastructure/security/bcrypt-password-hasher';
import { JwtTokenService, DECOY_BCRYPT_HASH } from './infrastructure/security/jwt-token-service';
import { SystemClock } from './infrastructure/time/system-clock';
import type { Logger } from './application/shared/logger.port';
import { CLOCK, Clock } from './application/shared/clock.port';
import { TRANSACTION_RUNNER, TransactionRunner } from './application/shared/transaction.port';
import { AUDIT_LOG, AuditLog } from './application/shared/audit-log.port';
import { MIGRATION_RUNNER, MigrationRunner } from './application/maintenance/migration-runner.port';
import { RunMigrations } from './application/maintenance/run-migrations.use-case';
import { GetMigrationStatus } from './application/maintenance/get-migration-status.use-case';
import { MarkMigrationApplied } from './application/maintenance/mark-migration-applied.use-case';
import { USER_REPOSITORY, UserRepository } from './application/users/user-repository.port';
import { PASSWORD_HASHER, PasswordHasher } from './application/users/password-hasher.port';
import { EnsureAdminUser } from './application/users/ensure-admin-user.use-case';
import { ReactivateUser } from './application/users/reactivate-user.use-case';
import {
  ListUsers,
  GetUser,
  DeactivateUser,
  ChangeUserRole,
  ResetUserPassword,
  DeleteUser,
  RegisterUser,
  ChangeOwnPassword,
} from './application/users/user-admin.use-cases';
import type { UserChangeDeps } from './application/users/user-change';
import { TOKEN_SERVICE, TokenService } from './application/auth/token-service.port';
import { REVOKED_TOKEN_REPOSITORY, RevokedTokenRepository } from './application/auth/revoked-token-repository.port';
import { Authenticate } from './application/auth/authenticate.use-case';
import { SignIn } from './application/auth/sign-in.use-case';
import { SignOut, RefreshToken, PurgeExpiredRevocations } from './application/auth/session.use-cases';
import { DATABASE_PROBE, DatabaseProbe } from './application/health/database-probe.port';
import { CheckHealth } from './application/health/check-health.use-case';
import { SqlClientRepository } from './infrastructure/persistence/clients/sql-client.repository';
import { SqlProductRepository, SqlCategoryRepository } from './infrastructure/persistence/catalog/sql-catalog.repository';
import { SqlOrderRepository, SqlIdempotencyStore } from './infrastructure/persistence/ordering/sql-order.repository';
import { SqlOrderQueries } from './infrastructure/persistence/ordering/sql-order.queries';
import { FsImageStore } from './infrastructure/filesystem/fs-image-store';
import { SharpImageOptimizer } from './infrastructure/images/sharp-image-optimizer';
import { CLIENT_REPOSITORY, ClientRepository } from './application/clients/client-repository.port';
import { ListClients, GetClient, CreateClient, UpdateClient, DeleteClients, ClientsDeps } from './application/clients/clients.use-cases';
import { SqlOfferRepository } from './infrastructure/persistence/offers/sql-offer.repository';
import { SqlDriverRepository } from './infrastructure/persistence/drivers/sql-driver.repository';
import { SqlPriceListRepository } from './infrastructure/persistence/price-lists/sql-price-list.repository';
import { SqlTemplateRepository } from './infrastructure/persistence/templates/sql-template.repository';
import { SqlReportQueries } from './infrastructure/persistence/reports/sql-report.queries';
import { SqlPrintQueries } from './infrastructure/persistence/printing/sql-print.queries';
import { PdfKitRenderer } from './infrastructure/pdf/pdfkit-renderer';
import { PRINT_QUERIES, PDF_RENDERER, PrintQueries, PdfRenderer, PrintingDeps, GenerateOrdersPdf, GenerateRouteSheet } from './application/printing/printing.use-cases';
import {
  REPORT_QUERIES, ReportQueries, ReportsDeps, SalesReport, InventoryReport, ClientsReport, ProductsReport, PerformanceReport, ComparisonReport,
} from './application/reports/reports.use-cases';
import {
  PRICE_LIST_REPOSITORY, PriceListRepository, PriceListsDeps, ListPriceLists, GetPriceList, CreatePriceList, UpdatePriceList, DeletePriceList, SetSpecialPrice, RemoveSpecialPrice,
} from './application/price-lists/price-lists.use-cases';
import {
  TEMPLATE_REPOSITORY, TemplateRepository, TemplatesDeps, ListTemplates, GetTemplate, CreateTemplate, UpdateTemplate, DeleteTemplate, RunTemplate,
} from './application/templates/templates.use-cases';
import { SqlTagRepository } from './infrastructure/persistence/tags/sql-tag.repository';
import { SqlDashboardQueries } from './infrastructure/persistence/dashboard/sql-dashboard.queries';
import { OFFER_REPOSITORY, OfferRepository } from './application/offers/offers.ports';
import { ListOffers, ListActiveOffers, GetOffer, CreateOffer, UpdateOffer, DeleteOffer, ToggleOffer, OffersDeps } from './application/offers/offers.use-cases';
import { DRIVER_REPOSITORY, DriverRepository, ListDrivers, GetDriver, CreateDriver, UpdateDriver, DeactivateDriver, DriversDeps } from './application/drivers/drivers.use-cases';
import { TAG_REPOSITORY, TagRepository, ListTags, ListProductsWithTags, CreateTag, DeleteTag, TagProduct, UntagProduct, TagsDeps } from './application/tags/tags.use-cases';
import { DASHBOARD_QUERIES, DashboardQueries, DashboardMetrics, OrdersPerDay, StockAlerts, UserStatistics, SalesStatistics, DashboardDeps } from './application/dashboard/dashboard.use-cases';
import {
  PRODUCT_REPOSITORY, ProductRepository, CATEGORY_REPOSITORY, CategoryRepository, IMAGE_STORE, ImageStore, IMAGE_OPTIMIZER, ImageOptimizer,
} from './application/catalog/catalog.port';
import {
  ListProducts, GetProduct, GetProductImages, CreateProduct, UpdateProduct, AdjustStock, DeleteProducts,
  ListCategories, GetCategory, SaveCategory, DeleteCategory, UploadImage, CatalogDeps,
} from './application/catalog/catalog.use-cases';
import { ORDER_REPOSITORY, OrderRepository, IDEMPOTENCY_STORE, IdempotencyStore, CLIENT_LOOKUP, ClientLookup } from './application/ordering/order-repository.port';
import { ORDER_QUERIES, OrderQueries } from './application/ordering/order-queries.port';
import { PlaceOrder, PurgeIdempotencyKeys } from './application/ordering/place-order.use-case';
import {
  ChangeOrderState, UpdateOrderNotes, AssignOrderClient, AddOrderItem, UpdateOrderItem, RemoveOrderItem, DeleteOrders, OrderLifecycleDeps,
} from './application/ordering/order-lifecycle.use-cases';
import { ListOrders, GetOrder, ListOldOrders, ListOrderCreators, PreviewStock } from './application/ordering/order-queries.use-cases';
import { SqliteBackupMaker } from './infrastructure/backups/sqlite-backup-maker';
import { FsBackupStore } from './infrastructure/backups/fs-backup-store';
import { InProcessMaintenanceLock, InMemoryBackupRunLog } from './infrastructure/backups/in-process-maintenance';
import { SqlAdminQueries } from './infrastructure/persistence/admin/sql-admin.queries';
import {
  BACKUP_MAKER, BackupMaker, BACKUP_STORE, BackupStore, MAINTENANCE_LOCK, MaintenanceLock, BACKUP_RUN_LOG, BackupRunLog,
} from './application/backups/backup.ports';
import {
  CreateBackup, ListBackups, DownloadBackup, DeleteBackup, GetBackupStatus, SnapshotBeforeMigration, VerifyStoredBackups, BackupDeps,
} from './application/backups/backups.use-cases';
import { RestoreBackup, PreviewRestore, UploadBackup, DryRunMigrations, KeepInterruptedRestores, RestoreDeps } from './application/backups/restore.use-cases';
import {
  DATABASE_FILE_INSPECTOR, DatabaseFileInspector, SCRATCH_DATABASES, ScratchDatabases, LIVE_DATABASE, LiveDatabase,
} from './application/backups/restore.ports';
import { SqliteFileInspector, SqliteScratchDatabases, SqliteLiveDatabase } from './infrastructure/backups/sqlite-restore';
import { PRE_MIGRATION_BACKUP, PreMigrationBackup } from './application/maintenance/pre-migration-backup.port';
import { ADMIN_QUERIES, AdminQueries } from './application/admin/admin-queries.port';
import { createHttpApp, HttpApp } from './interfaces/http/app';
import { MIGRATIONS } from '../migrations';

export const CONFIG = Symbol('AppConfig');
export const STORE = Symbol('SqliteStore');
export const LOGGER = Symbol('Logger');
const USER_CHANGE_DEPS = Symbol('UserChangeDeps');
const OFFERS_DEPS = Symbol('OffersDeps');
const DRIVERS_DEPS = Symbol('DriversDeps');
const PRICE_LISTS_DEPS = Symbol('PriceListsDeps');
const TEMPLATES_DEPS = Symbol('TemplatesDeps');
const REPORTS_DEPS = Symbol('ReportsDeps');
const PRINTING_DEPS = Symbol('PrintingDeps');
const TAGS_DEPS = Symbol('TagsDeps');
const DASHBOARD_DEPS = Symbol('DashboardDeps');
const CLIENTS_DEPS = Symbol('ClientsDeps');
const CATALOG_DEPS = Symbol('CatalogDeps');
const ORDER_DEPS = Symbol('OrderLifecycleDeps');
export const BACKUP_DEPS = Symbol('BackupDeps');
export const RESTORE_DEPS = Symbol('RestoreDeps');

export interface ContainerDeps {
  readonly config: AppConfig;
  /** Opened before the container is built, so that `get` stays synchronous. */
  readonly store: SqliteStore;
  readonly logger: Logger;
  /** The JWT signing key (resolved at start-up: environment, file or development key). */
  readonly secretKey: string;
}

/**
 * The composition root: binds every port to its adapter and every use case to its factory.
 * Tests build the same container and `rebind` a port to a fake.
 */
export function createContainer(deps: ContainerDeps): Container {
  const c = new Container({ defaultScope: 'Singleton' });
  c.bind(CONFIG).toConstantValue(deps.config);
  c.bind(STORE).toConstantValue(deps.store);
  c.bind(LOGGER).toConstantValue(deps.logger);

  // Driven adapters
  c.bind(CLOCK).toResolvedValue(() => new SystemClock());
  c.bind(TRANSACTION_RUNNER).toResolvedValue((s: SqliteStore) => new TypeOrmTransactionRunner(s), [STORE]);
  c.bind(MIGRATION_RUNNER).toResolvedValue((s: SqliteStore) => new SqliteMigrationRunner(s, MIGRATIONS, appVersion()), [STORE]);
  c.bind(USER_REPOSITORY).toResolvedValue((s: SqliteStore) => new TypeOrmUserRepository(s), [STORE]);
  c.bind(REVOKED_TOKEN_REPOSITORY).toResolvedValue((s: SqliteStore) => new TypeOrmRevokedTokenRepository(s), [STORE]);
  c.bind(AUDIT_LOG).toResolvedValue((s: SqliteStore) => new TypeOrmAuditLog(s), [STORE]);
  c.bind(PASSWORD_HASHER).toResolvedValue(() => new BcryptPasswordHasher());
  c.bind(TOKEN_SERVICE).toResolvedValue((clock: Clock) => new JwtTokenService(deps.secretKey, deps.config.accessTokenExpireMinutes, clock), [CLOCK]);
  c.bind(DATABASE_PROBE).toResolvedValue((s: SqliteStore) => new SqliteDatabaseProbe(s), [STORE]);

  // Backups
  c.bind(BACKUP_MAKER).toResolvedValue((clock: Clock) => new SqliteBackupMaker(deps.config.dbPath, deps.config.backupDir, appVersion(), clock), [CLOCK]);
  c.bind(BACKUP_STORE).toResolvedValue(() => new FsBackupStore(deps.config.backupDir, deps.config.dbPath));
  c.bind(MAINTENANCE_LOCK).toResolvedValue(() => new InProcessMaintenanceLock());
  c.bind(BACKUP_RUN_LOG).toResolvedValue((clock: Clock, logger: Logger) => new InMemoryBackupRunLog(clock.now().toUTC().toISO()!, logger), [CLOCK, LOGGER]);
  c.bind(BACKUP_DEPS).toResolvedValue(
    (maker: BackupMaker, store: BackupStore, lock: MaintenanceLock, runs: BackupRunLog, clock: Clock): BackupDeps => ({
      maker, store, lock, runs, clock,
      settings: {
        enabled: deps.config.backup.enabled,
        intervalHours: deps.config.backup.intervalHours,
        retainCount: deps.config.backup.retainCount,
        dailyHour: deps.config.backup.timeHour,
        timezone: deps.config.backup.timezone,
        backupDir: deps.config.backupDir,
      },
    }),
    [BACKUP_MAKER, BACKUP_STORE, MAINTENANCE_LOCK, BACKUP_RUN_LOG, CLOCK],
  );
  bindAll<BackupDeps>(c, BACKUP_DEPS, [CreateBackup, ListBackups, DownloadBackup, DeleteBackup, GetBackupStatus, VerifyStoredBackups]);
  c.bind(DATABASE_FILE_INSPECTOR).toResolvedValue(() => new SqliteFileInspector());
  c.bind(SCRATCH_DATABASES).toResolvedValue(() => new SqliteScratchDatabases(deps.config.dbPath, MIGRATIONS, appVersion()));
  c.bind(LIVE_DATABASE).toResolvedValue((s: SqliteStore, clock: Clock) => new SqliteLiveDatabase(s, clock), [STORE, CLOCK]);
  c.bind(RESTORE_DEPS).toResolvedValue(
    (b: BackupDeps, inspector: DatabaseFileInspector, scratches: ScratchDatabases, live: LiveDatabase, audit: AuditLog, migrations: MigrationRunner): RestoreDeps => ({
      ...b, inspector, scratches, live, audit, migrations,
    }),
    [BACKUP_DEPS, DATABASE_FILE_INSPECTOR, SCRATCH_DATABASES, LIVE_DATABASE, AUDIT_LOG, MIGRATION_RUNNER],
  );
  bindAll<RestoreDeps>(c, RESTORE_DEPS, [RestoreBackup, PreviewRestore, UploadBackup, DryRunMigrations, KeepInterruptedRestores]);
  c.bind(PRE_MIGRATION_BACKUP).toResolvedValue((d: BackupDeps) => new SnapshotBeforeMigration(d), [BACKUP_DEPS]);
  c.bind(ADMIN_QUERIES).toResolvedValue((s: SqliteStore) => new SqlAdminQueries(s), [STORE]);

  // Maintenance: migrations take a verified backup first, one maintenance task at a time.
  c.bind(RunMigrations).toResolvedValue(
    (r: MigrationRunner, b: PreMigrationBackup, l: MaintenanceLock) => new RunMigrations(r, b, l),
    [MIGRATION_RUNNER, PRE_MIGRATION_BACKUP, MAINTENANCE_LOCK],
  );
  c.bind(GetMigrationStatus).toResolvedValue((r: MigrationRunner) => new GetMigrationStatus(r), [MIGRATION_RUNNER]);
  c.bind(MarkMigrationApplied).toResolvedValue((r: MigrationRunner) => new MarkMigrationApplied(r), [MIGRATION_RUNNER]);
  c.bind(CheckHealth).toResolvedValue((p: DatabaseProbe, b: BackupDeps) => new CheckHealth(p, b), [DATABASE_PROBE, BACKUP_DEPS]);

  // Auth
  c.bind(Authenticate).toResolvedValue(
    (t: TokenService, r: RevokedTokenRepository, u: UserRepository) => new Authenticate(t, r, u),
    [TOKEN_SERVICE, REVOKED_TOKEN_REPOSITORY, USER_REPOSITORY],
  );
  c.bind(SignIn).toResolvedValue(
    (u: UserRepository, h: PasswordHasher, t: TokenService, clock: Clock) => new SignIn(u, h, t, clock, DECOY_BCRYPT_HASH),
    [USER_REPOSITORY, PASSWORD_HASHER, TOKEN_SERVICE, CLOCK],
  );
  c.bind(SignOut).toResolvedValue((r: RevokedTokenRepository, clock: Clock) => new SignOut(r, clock), [REVOKED_TOKEN_REPOSITORY, CLOCK]);
  c.bind(RefreshToken).toResolvedValue((t: TokenService) => new RefreshToken(t), [TOKEN_SERVICE]);
  c.bind(PurgeExpiredRevocations).toResolvedValue((r: RevokedTokenRepository, clock: Clock) => new PurgeExpiredRevocations(r, clock), [REVOKED_TOKEN_REPOSITORY, CLOCK]);

  // Users
  c.bind(USER_CHANGE_DEPS).toResolvedValue(
    (users: UserRepository, audit: AuditLog, tx: TransactionRunner, clock: Clock): UserChangeDeps => ({ users, audit, tx, clock }),
    [USER_REPOSITORY, AUDIT_LOG, TRANSACTION_RUNNER, CLOCK],
  );
  c.bind(EnsureAdminUser).toResolvedValue(
    (u: UserRepository, h: PasswordHasher, t: TransactionRunner) => new EnsureAdminUser(u, h, t),
    [USER_REPOSITORY, PASSWORD_HASHER, TRANSACTION_RUNNER],
  );
  c.bind(ListUsers).toResolvedValue((d: UserChangeDeps) => new ListUsers(d), [USER_CHANGE_DEPS]);
  c.bind(GetUser).toResolvedValue((d: UserChangeDeps) => new GetUser(d), [USER_CHANGE_DEPS]);
  c.bind(ReactivateUser).toResolvedValue((d: UserChangeDeps) => new ReactivateUser(d), [USER_CHANGE_DEPS]);
  c.bind(DeactivateUser).toResolvedValue((d: UserChangeDeps) => new DeactivateUser(d), [USER_CHANGE_DEPS]);
  c.bind(ChangeUserRole).toResolvedValue((d: UserChangeDeps) => new ChangeUserRole(d), [USER_CHANGE_DEPS]);
  c.bind(DeleteUser).toResolvedValue((d: UserChangeDeps) => new DeleteUser(d), [USER_CHANGE_DEPS]);
  c.bind(ResetUserPassword).toResolvedValue((d: UserChangeDeps, h: PasswordHasher) => new ResetUserPassword(d, h), [USER_CHANGE_DEPS, PASSWORD_HASHER]);
  c.bind(RegisterUser).toResolvedValue((d: UserChangeDeps, h: PasswordHasher) => new RegisterUser(d, h), [USER_CHANGE_DEPS, PASSWORD_HASHER]);
  c.bind(ChangeOwnPassword).toResolvedValue((d: UserChangeDeps, h: PasswordHasher) => new ChangeOwnPassword(d, h), [USER_CHANGE_DEPS, PASSWORD_HASHER]);

  // Clients, catalog, ordering
  c.bind(CLIENT_REPOSITORY).toResolvedValue((s: SqliteStore) => new SqlClientRepository(s), [STORE]);
  c.bind(CLIENT_LOOKUP).toResolvedValue((r: ClientRepository) => r as SqlClientRepository, [CLIENT_REPOSITORY]);
  c.bind(PRODUCT_REPOSITORY).toResolvedValue((s: SqliteStore) => new SqlProductRepository(s), [STORE]);
  c.bind(CATEGORY_REPOSITORY).toResolvedValue((s: SqliteStore) => new SqlCategoryRepository(s), [STORE]);
  c.bind(ORDER_REPOSITORY).toResolvedValue((s: SqliteStore) => new SqlOrderRepository(s), [STORE]);
  c.bind(ORDER_QUERIES).toResolvedValue((s: SqliteStore) => new SqlOrderQueries(s), [STORE]);
  c.bind(IDEMPOTENCY_STORE).toResolvedValue((s: SqliteStore) => new SqlIdempotencyStore(s), [STORE]);
  c.bind(IMAGE_STORE).toResolvedValue(() => new FsImageStore(deps.config.uploadsDir));
  c.bind(IMAGE_OPTIMIZER).toResolvedValue(() => new SharpImageOptimizer());

  c.bind(CLIENTS_DEPS).toResolvedValue(
    (clients: ClientRepository, users: UserRepository, tx: TransactionRunner): ClientsDeps => ({ clients, users, tx }),
    [CLIENT_REPOSITORY, USER_REPOSITORY, TRANSACTION_RUNNER],
  );
  bindAll<ClientsDeps>(c, CLIENTS_DEPS, [ListClients, GetClient, CreateClient, UpdateClient, DeleteClients]);
  c.bind(CATALOG_DEPS).toResolvedValue(
    (products: ProductRepository, categories: CategoryRepository, tx: TransactionRunner, clock: Clock): CatalogDeps => ({ products, categories, tx, clock }),
    [PRODUCT_REPOSITORY, CATEGORY_REPOSITORY, TRANSACTION_RUNNER, CLOCK],
  );
  bindAll<CatalogDeps>(c, CATALOG_DEPS, [ListProducts, GetProduct, GetProductImages, CreateProduct, UpdateProduct, AdjustStock, DeleteProducts, ListCategories, GetCategory, SaveCategory, DeleteCategory]);
  c.bind(UploadImage).toResolvedValue((o: ImageOptimizer, s: ImageStore) => new UploadImage(o, s), [IMAGE_OPTIMIZER, IMAGE_STORE]);

  c.bind(PlaceOrder).toResolvedValue(
    (o: OrderRepository, p: ProductRepository, cl: ClientLookup, i: IdempotencyStore, tx: TransactionRunner, clock: Clock) => new PlaceOrder(o, p, cl, i, tx, clock),
    [ORDER_REPOSITORY, PRODUCT_REPOSITORY, CLIENT_LOOKUP, IDEMPOTENCY_STORE, TRANSACTION_RUNNER, CLOCK],
  );
  c.bind(PurgeIdempotencyKeys).toResolvedValue((i: IdempotencyStore, clock: Clock) => new PurgeIdempotencyKeys(i, clock), [IDEMPOTENCY_STORE, CLOCK]);
  c.bind(ORDER_DEPS).toResolvedValue(
    (orders: OrderRepository, products: ProductRepository, clients: ClientLookup, audit: AuditLog, tx: TransactionRunner, clock: Clock): OrderLifecycleDeps => ({ orders, products, clients, audit, tx, clock }),
    [ORDER_REPOSITORY, PRODUCT_REPOSITORY, CLIENT_LOOKUP, AUDIT_LOG, TRANSACTION_RUNNER, CLOCK],
  );
  bindAll<OrderLifecycleDeps>(c, ORDER_DEPS, [ChangeOrderState, UpdateOrderNotes, AssignOrderClient, AddOrderItem, UpdateOrderItem, RemoveOrderItem, DeleteOrders]);
  const orderViews = { ordersFrom: deps.config.ordersFrom };
  c.bind(ListOrders).toResolvedValue((q: OrderQueries) => new ListOrders(q, orderViews), [ORDER_QUERIES]);
  c.bind(GetOrder).toResolvedValue((q: OrderQueries) => new GetOrder(q), [ORDER_QUERIES]);
  c.bind(ListOldOrders).toResolvedValue((q: OrderQueries, clock: Clock) => new ListOldOrders(q, clock, orderViews), [ORDER_QUERIES, CLOCK]);
  c.bind(ListOrderCreators).toResolvedValue((q: OrderQueries) => new ListOrderCreators(q), [ORDER_QUERIES]);
  c.bind(PreviewStock).toResolvedValue((q: OrderQueries) => new PreviewStock(q), [ORDER_QUERIES]);

  c.bind(OFFER_REPOSITORY).toResolvedValue((s: SqliteStore) => new SqlOfferRepository(s), [STORE]);
  c.bind(OFFERS_DEPS).toResolvedValue((offers: OfferRepository, tx: TransactionRunner, clock: Clock): OffersDeps => ({ offers, tx, clock }), [OFFER_REPOSITORY, TRANSACTION_RUNNER, CLOCK]);
  bindAll<OffersDeps>(c, OFFERS_DEPS, [ListOffers, ListActiveOffers, GetOffer, CreateOffer, UpdateOffer, DeleteOffer, ToggleOffer]);
  c.bind(DRIVER_REPOSITORY).toResolvedValue((s: SqliteStore) => new SqlDriverRepository(s), [STORE]);
  c.bind(DRIVERS_DEPS).toResolvedValue((drivers: DriverRepository, tx: TransactionRunner): DriversDeps => ({ drivers, tx }), [DRIVER_REPOSITORY, TRANSACTION_RUNNER]);
  bindAll<DriversDeps>(c, DRIVERS_DEPS, [ListDrivers, GetDriver, CreateDriver, UpdateDriver, DeactivateDriver]);
  c.bind(TAG_REPOSITORY).toResolvedValue((s: SqliteStore) => new SqlTagRepository(s), [STORE]);
  c.bind(TAGS_DEPS).toResolvedValue((tags: TagRepository, tx: TransactionRunner): TagsDeps => ({ tags, tx }), [TAG_REPOSITORY, TRANSACTION_RUNNER]);
  bindAll<TagsDeps>(c, TAGS_DEPS, [ListTags, ListProductsWithTags, CreateTag, DeleteTag, TagProduct, UntagProduct]);
  c.bind(DASHBOARD_QUERIES).toResolvedValue((s: SqliteStore) => new SqlDashboardQueries(s), [STORE]);
  c.bind(DASHBOARD_DEPS).toResolvedValue((queries: DashboardQueries, clock: Clock): DashboardDeps => ({ queries, clock, ordersFrom: deps.config.ordersFrom }), [DASHBOARD_QUERIES, CLOCK]);
  bindAll<DashboardDeps>(c, DASHBOARD_DEPS, [DashboardMetrics, OrdersPerDay, StockAlerts, UserStatistics, SalesStatistics]);
  c.bind(PRICE_LIST_REPOSITORY).toResolvedValue((s: SqliteStore) => new SqlPriceListRepository(s), [STORE]);
  c.bind(PRICE_LISTS_DEPS).toResolvedValue((lists: PriceListRepository, tx: TransactionRunner, clock: Clock): PriceListsDeps => ({ lists, tx, clock }), [PRICE_LIST_REPOSITORY, TRANSACTION_RUNNER, CLOCK]);
  bindAll<PriceListsDeps>(c, PRICE_LISTS_DEPS, [ListPriceLists, GetPriceList, CreatePriceList, UpdatePriceList, DeletePriceList, SetSpecialPrice, RemoveSpecialPrice]);
  c.bind(TEMPLATE_REPOSITORY).toResolvedValue((s: SqliteStore) => new SqlTemplateRepository(s), [STORE]);
  c.bind(TEMPLATES_DEPS).toResolvedValue((templates: TemplateRepository, tx: TransactionRunner, clock: Clock): TemplatesDeps => ({ templates, tx, clock }), [TEMPLATE_REPOSITORY, TRANSACTION_RUNNER, CLOCK]);
  bindAll<TemplatesDeps>(c, TEMPLATES_DEPS, [ListTemplates, GetTemplate, CreateTemplate, UpdateTemplate, DeleteTemplate]);
  c.bind(RunTemplate).toResolvedValue((d: TemplatesDeps, p: PlaceOrder) => new RunTemplate(d, p), [TEMPLATES_DEPS, PlaceOrder]);
  c.bind(REPORT_QUERIES).toResolvedValue((s: SqliteStore) => new SqlReportQueries(s), [STORE]);
  c.bind(REPORTS_DEPS).toResolvedValue((queries: ReportQueries, clock: Clock): ReportsDeps => ({ queries, clock }), [REPORT_QUERIES, CLOCK]);
  bindAll<ReportsDeps>(c, REPORTS_DEPS, [SalesReport, InventoryReport, ClientsReport, ProductsReport, PerformanceReport, ComparisonReport]);
  c.bind(PRINT_QUERIES).toResolvedValue((s: SqliteStore) => new SqlPrintQueries(s), [STORE]);
  c.bind(PDF_RENDERER).toConstantValue(new PdfKitRenderer());
  c.bind(PRINTING_DEPS).toResolvedValue(
    (queries: PrintQueries, renderer: PdfRenderer, tx: TransactionRunner, clock: Clock): PrintingDeps => ({ queries, renderer, tx, clock }),
    [PRINT_QUERIES, PDF_RENDERER, TRANSACTION_RUNNER, CLOCK],
  );
  bindAll<PrintingDeps>(c, PRINTING_DEPS, [GenerateOrdersPdf, GenerateRouteSheet]);
  return c;
}

/** Binds use cases that all take the same dependency bundle. */
function bindAll<D>(c: Container, depsToken: symbol, useCases: (new (d: D) => object)[]): void {
  for (const UseCase of useCases) c.bind(UseCase).toResolvedValue((d: D) => new UseCase(d), [depsToken]);
}

/** The Koa app with every route, its use cases taken from the container. */
export function buildHttpApp(c: Container): HttpApp {
  const config = c.get<AppConfig>(CONFIG);
  return createHttpApp({
    logger: c.get<Logger>(LOGGER),
    settings: {
      environment: config.environment,
      isProduction: config.isProduction,
      version: appVersion(),
      corsOrigins: config.corsOrigins,
      rateLimits: config.rateLimits,
      trustProxy: config.trustProxy,
    },
    authenticate: c.get(Authenticate),
    dataVersion: () => c.get<SqliteStore>(STORE).dataVersion(),
    health: { checkHealth: c.get(CheckHealth) },
    auth: {
      signIn: c.get(SignIn),
      signOut: c.get(SignOut),
      refreshToken: c.get(RefreshToken),
      registerUser: c.get(RegisterUser),
      changeOwnPassword: c.get(ChangeOwnPassword),
    },
    clientes: {
      listClients: c.get(ListClients),
      getClient: c.get(GetClient),
      createClient: c.get(CreateClient),
      updateClient: c.get(UpdateClient),
      deleteClients: c.get(DeleteClients),
      exportRows: () => c.get<ClientRepository>(CLIENT_REPOSITORY).exportRows(),
    },
    catalog: {
      listProducts: c.get(ListProducts),
      getProduct: c.get(GetProduct),
      getProductImages: c.get(GetProductImages),
      createProduct: c.get(CreateProduct),
      updateProduct: c.get(UpdateProduct),
      adjustStock: c.get(AdjustStock),
      deleteProducts: c.get(DeleteProducts),
      listCategories: c.get(ListCategories),
      getCategory: c.get(GetCategory),
      saveCategory: c.get(SaveCategory),
      deleteCategory: c.get(DeleteCategory),
      uploadImage: c.get(UploadImage),
      images: c.get<ImageStore>(IMAGE_STORE),
      exportRows: () => c.get<ProductRepository>(PRODUCT_REPOSITORY).exportRows(),
    },
    pedidos: {
      placeOrder: c.get(PlaceOrder),
      changeOrderState: c.get(ChangeOrderState),
      updateOrderNotes: c.get(UpdateOrderNotes),
      assignOrderClient: c.get(AssignOrderClient),
      addOrderItem: c.get(AddOrderItem),
      updateOrderItem: c.get(UpdateOrderItem),
      removeOrderItem: c.get(RemoveOrderItem),
      deleteOrders: c.get(DeleteOrders),
      listOrders: c.get(ListOrders),
      getOrder: c.get(GetOrder),
      listOldOrders: c.get(ListOldOrders),
      listOrderCreators: c.get(ListOrderCreators),
      previewStock: c.get(PreviewStock),
      exportRows: (desde, hasta) => c.get<OrderQueries>(ORDER_QUERIES).exportRows(desde, hasta),
    },
    ofertas: {
      listOffers: c.get(ListOffers), listActiveOffers: c.get(ListActiveOffers), getOffer: c.get(GetOffer), createOffer: c.get(CreateOffer),
      updateOffer: c.get(UpdateOffer), deleteOffer: c.get(DeleteOffer), toggleOffer: c.get(ToggleOffer),
    },
    repartidores: {
      listDrivers: c.get(ListDrivers), getDriver: c.get(GetDriver), createDriver: c.get(CreateDriver), updateDriver: c.get(UpdateDriver), deactivateDriver: c.get(DeactivateDriver),
    },
    tags: {
      listTags: c.get(ListTags), listProductsWithTags: c.get(ListProductsWithTags), createTag: c.get(CreateTag), deleteTag: c.get(DeleteTag),
      tagProduct: c.get(TagProduct), untagProduct: c.get(UntagProduct),
    },
    dashboard: {
      dashboardMetrics: c.get(DashboardMetrics), ordersPerDay: c.get(OrdersPerDay), stockAlerts: c.get(StockAlerts),
      userStatistics: c.get(UserStatistics), salesStatistics: c.get(SalesStatistics),
    },
    listasPrecios: {
      listPriceLists: c.get(ListPriceLists), getPriceList: c.get(GetPriceList), createPriceList: c.get(CreatePriceList), updatePriceList: c.get(UpdatePriceList),
      deletePriceList: c.get(DeletePriceList), setSpecialPrice: c.get(SetSpecialPrice), removeSpecialPrice: c.get(RemoveSpecialPrice),
    },
    templates: {
      listTemplates: c.get(ListTemplates), getTemplate: c.get(GetTemplate), createTemplate: c.get(CreateTemplate), updateTemplate: c.get(UpdateTemplate),
      deleteTemplate: c.get(DeleteTemplate), runTemplate: c.get(RunTemplate),
    },
    reportes: {
      salesReport: c.get(SalesReport), inventoryReport: c.get(InventoryReport), clientsReport: c.get(ClientsReport),
      productsReport: c.get(ProductsReport), performanceReport: c.get(PerformanceReport), comparisonReport: c.get(ComparisonReport),
    },
    printing: { generateOrdersPdf: c.get(GenerateOrdersPdf), generateRouteSheet: c.get(GenerateRouteSheet) },
    admin: {
      createBackup: c.get(CreateBackup),
      listBackups: c.get(ListBackups),
      downloadBackup: c.get(DownloadBackup),
      deleteBackup: c.get(DeleteBackup),
      backupStatus: c.get(GetBackupStatus),
      verifyBackups: c.get(VerifyStoredBackups),
      restoreBackup: c.get(RestoreBackup),
      previewRestore: c.get(PreviewRestore),
      uploadBackup: c.get(UploadBackup),
      dryRunMigrations: c.get(DryRunMigrations),
      migrationStatus: c.get(GetMigrationStatus),
      runMigrations: c.get(RunMigrations),
      adminQueries: c.get<AdminQueries>(ADMIN_QUERIES),
      settings: {
        backupDir: config.backupDir,
        retainCount: config.backup.retainCount,
        intervalHours: config.backup.intervalHours,
        dailyHour: config.backup.timeHour,
        timezone: config.backup.timezone,
        dbPath: config.dbPath,
        environment: config.environment,
        uploadMaxBytes: config.backupUploadMaxBytes,
      },
    },
    users: {
      listUsers: c.get(ListUsers),
      getUser: c.get(GetUser),
      reactivateUser: c.get(ReactivateUser),
      deactivateUser: c.get(DeactivateUser),
      changeUserRole: c.get(ChangeUserRole),
      resetUserPassword: c.get(ResetUserPassword),
      deleteUser: c.get(DeleteUser),
    },
  });
}
