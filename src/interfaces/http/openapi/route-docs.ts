import { LoginForm, RegisterForm, ChangePasswordForm } from '../auth/auth.body';
import { UpdateUserBody, RoleBody, NewPasswordForm } from '../users/users.body';
import { ProductBody, StockBody, CategoryBody } from '../catalog/catalog.routes';
import { ClientBody } from '../clients/clients.routes';
import { DriverBody, DriverPatch } from '../drivers/drivers.routes';
import { OfertaBody, OfferProductBody, RuleBody } from '../offers/offers.routes';
import { StateBody, NotesBody, ItemBody, OrderIdsBody, PreviewBody } from '../orders/orders.routes';
import { PriceListBody, PriceListPatch, SpecialPriceBody } from '../price-lists/price-lists.routes';
import { OrdersPdfBody, RouteSheetBody } from '../printing/printing.routes';
import { TagBody } from '../tags/tags.routes';
import { TemplateBody, TemplateLineBody, TemplatePatch } from '../templates/templates.routes';

/** A request body: its media type and the validation class the route checks it with. */
export interface BodyDoc {
  readonly kind: 'json' | 'form' | 'multipart';
  /** The class-validator class the handler validates with (its schema is generated). */
  readonly schema?: new () => object;
  /** Arrays of objects the handler validates element by element (field → element class). */
  readonly lists?: Readonly<Record<string, new () => object>>;
  /** For multipart: the file field. */
  readonly file?: string;
  readonly description?: string;
}

/** What a response is, when it is not JSON. */
export type Produces = 'json' | 'csv' | 'xlsx' | 'pdf' | 'binary' | 'image' | 'html' | 'text' | 'prometheus' | 'javascript' | 'css';

/** The documentation of one route; who may call it and its path parameters come from the router. */
export interface RouteDoc {
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  readonly body?: BodyDoc;
  /** Query parameters: name → description (strings unless the name says otherwise). */
  readonly query?: Readonly<Record<string, string>>;
  readonly produces?: Produces;
  /** Request headers that change what the route does. */
  readonly headers?: Readonly<Record<string, string>>;
}

const json = (schema?: new () => object, description?: string, lists?: BodyDoc['lists']): BodyDoc => ({
  kind: 'json',
  schema,
  description,
  lists,
});
const form = (schema: new () => object): BodyDoc => ({ kind: 'form', schema });
const upload = (file: string, description: string): BodyDoc => ({ kind: 'multipart', file, description });

const OFFER_LISTS = { reglas: RuleBody, productos: OfferProductBody };

const ORDER_BODY =
  'Two formats (API.md §7.2): the frontend\'s `{"cliente": {"id"}, "productos": [{"id", "cantidad", "tipo"}], "notas"}` ' +
  'or `{"cliente_id", "items": [{"producto_id", "cantidad", "tipo"}], "notas"}`. Each line is priced at the product\'s price now.';

/**
 * Every route's documentation, keyed "METHOD /path" exactly as the router registers it. The
 * OpenAPI document is built from the router's routes and this table; a test fails when either
 * has a route the other lacks.
 */
export const ROUTE_DOCS: Readonly<Record<string, RouteDoc>> = {
  // Health and operations
  'GET /api/health': { tag: 'Operaciones', summary: 'Health: database, backups and what degrades them (always 200)' },
  'GET /health': { tag: 'Operaciones', summary: 'Health (alias of /api/health)' },
  'GET /': { tag: 'Operaciones', summary: 'The API is running, and its version' },
  'GET /metrics': {
    tag: 'Operaciones',
    summary: 'Prometheus metrics (admin token or METRICS_TOKEN)',
    produces: 'prometheus',
  },
  'GET /openapi.json': { tag: 'Operaciones', summary: 'This OpenAPI 3.1 document' },
  'GET /docs': { tag: 'Operaciones', summary: 'Interactive API documentation (Swagger UI)', produces: 'html' },
  'GET /docs/:asset': { tag: 'Operaciones', summary: "Swagger UI's scripts and styles", produces: 'javascript' },
  'GET /ops': { tag: 'Operaciones', summary: 'The operations console (admin sign-in in the page)', produces: 'html' },
  'GET /ops/:asset': { tag: 'Operaciones', summary: "The operations console's script and styles", produces: 'javascript' },

  // Authentication
  'POST /api/login': { tag: 'Autenticación', summary: 'Sign in: a bearer token for the user', body: form(LoginForm) },
  'POST /api/logout': { tag: 'Autenticación', summary: 'Sign out: the token is revoked' },
  'POST /api/refresh': { tag: 'Autenticación', summary: 'A fresh token for the signed-in user (the old one is revoked)' },
  'GET /api/users/me': { tag: 'Autenticación', summary: 'The signed-in user' },
  'POST /api/register': { tag: 'Usuarios', summary: 'Create a user', body: form(RegisterForm) },
  'POST /api/cambiar-password': { tag: 'Autenticación', summary: 'Change your own password', body: form(ChangePasswordForm) },

  // Users
  'GET /api/usuarios': { tag: 'Usuarios', summary: 'Every user' },
  'PUT /api/usuarios/:id': { tag: 'Usuarios', summary: "Change a user's role or whether it is active", body: json(UpdateUserBody) },
  'PUT /api/usuarios/:id/activar': { tag: 'Usuarios', summary: 'Reactivate a user (the lockout fix)' },
  'PUT /api/usuarios/:id/desactivar': { tag: 'Usuarios', summary: 'Deactivate a user (its tokens stop working)' },
  'PUT /api/usuarios/:id/rol': { tag: 'Usuarios', summary: "Change a user's role", body: form(RoleBody) },
  'PUT /api/usuarios/:id/password': { tag: 'Usuarios', summary: "Set a user's password", body: form(NewPasswordForm) },
  'PUT /api/usuarios/:id/reset-password': { tag: 'Usuarios', summary: "Reset a user's password", body: form(NewPasswordForm) },
  'DELETE /api/usuarios/:id': { tag: 'Usuarios', summary: 'Delete a user' },
  'GET /api/users': { tag: 'Usuarios', summary: 'Every user (English alias)' },
  'PUT /api/users/:id/rol': { tag: 'Usuarios', summary: "Change a user's role (JSON)", body: json(RoleBody) },
  'PUT /api/users/:id/toggle_active': { tag: 'Usuarios', summary: 'Activate or deactivate a user' },
  'GET /api/vendedores': { tag: 'Usuarios', summary: 'The active sellers' },

  // Clients
  'GET /api/clientes': { tag: 'Clientes', summary: 'Every client (a seller sees theirs)' },
  'GET /api/clientes/export/csv': { tag: 'Clientes', summary: 'Every client as CSV', produces: 'csv' },
  'POST /api/clientes/bulk-delete': {
    tag: 'Clientes',
    summary: 'Delete several clients',
    body: json(undefined, '`{"ids": [1, 2, …]}` (at most 50)'),
  },
  'GET /api/clientes/:id': { tag: 'Clientes', summary: 'One client' },
  'POST /api/clientes': { tag: 'Clientes', summary: 'Create a client', body: json(ClientBody) },
  'PUT /api/clientes/:id': { tag: 'Clientes', summary: 'Change a client', body: json(ClientBody) },
  'DELETE /api/clientes/:id': { tag: 'Clientes', summary: 'Delete a client' },

  // Catalog
  'GET /api/productos': {
    tag: 'Productos',
    summary: 'Products, searchable and paginated',
    query: { q: 'search text', limit: 'page size', offset: 'skip' },
  },
  'GET /api/productos/export/csv': { tag: 'Productos', summary: 'Every product as CSV', produces: 'csv' },
  'GET /api/productos/export/xlsx': { tag: 'Productos', summary: 'Every product as an Excel workbook', produces: 'xlsx' },
  'POST /api/productos/images': {
    tag: 'Productos',
    summary: "Several products' images at once",
    body: json(undefined, '`{"ids": [1, 2, …]}`'),
  },
  'POST /api/productos/bulk-delete': {
    tag: 'Productos',
    summary: 'Delete several products',
    body: json(undefined, '`{"ids": [1, 2, …]}` (at most 50)'),
  },
  'GET /api/productos/:id': { tag: 'Productos', summary: 'One product' },
  'POST /api/productos': { tag: 'Productos', summary: 'Create a product', body: json(ProductBody) },
  'PUT /api/productos/:id': { tag: 'Productos', summary: 'Change a product', body: json(ProductBody) },
  'PATCH /api/productos/:id/stock': { tag: 'Productos', summary: "Change a product's stock (a delta or a value)", body: json(StockBody) },
  'DELETE /api/productos/:id': { tag: 'Productos', summary: 'Delete a product' },
  'PUT /api/productos/:id/categoria': {
    tag: 'Productos',
    summary: "Change a product's category",
    query: { categoria_id: 'the category (none to clear it)' },
  },
  'GET /api/categorias': { tag: 'Categorías', summary: 'Categories' },
  'GET /api/categorias/:id': { tag: 'Categorías', summary: 'One category' },
  'POST /api/categorias': { tag: 'Categorías', summary: 'Create a category', body: json(CategoryBody) },
  'PUT /api/categorias/:id': { tag: 'Categorías', summary: 'Change a category', body: json(CategoryBody) },
  'DELETE /api/categorias/:id': { tag: 'Categorías', summary: 'Delete a category' },
  'POST /api/upload': { tag: 'Productos', summary: 'Upload a product image (resized)', body: upload('file', 'a JPEG, PNG or WebP image') },
  'GET /api/uploads/:name': { tag: 'Productos', summary: 'An uploaded image', produces: 'image' },
  'GET /uploads/:name': { tag: 'Productos', summary: 'An uploaded image (alias)', produces: 'image' },

  // Printing
  'POST /api/pedidos/generar_pdfs': {
    tag: 'Impresión',
    summary: 'Orders as one PDF (marks them printed)',
    body: json(OrdersPdfBody),
    produces: 'pdf',
  },
  'POST /api/hoja-ruta/generar-pdf': { tag: 'Impresión', summary: 'A route sheet PDF', body: json(RouteSheetBody), produces: 'pdf' },

  // Orders
  'POST /api/pedidos': {
    tag: 'Pedidos',
    summary: 'Place an order (all its lines commit together or not at all)',
    body: json(undefined, ORDER_BODY),
    headers: { 'X-Idempotency-Key': 'a retry with the same key answers the first order and places nothing (48 h)' },
  },
  'GET /api/pedidos': {
    tag: 'Pedidos',
    summary: 'Orders (a seller sees only theirs)',
    query: {
      cliente_id: 'one client',
      fecha_inicio: 'from (YYYY-MM-DD)',
      fecha_fin: 'to (YYYY-MM-DD)',
      estado: 'one state',
      creado_por: 'one creator',
    },
  },
  'GET /api/pedidos/antiguos': { tag: 'Pedidos', summary: 'Orders still open after some hours', query: { horas: 'hours (default 24)' } },
  'GET /api/pedidos/creators': { tag: 'Pedidos', summary: 'Who has created orders' },
  'GET /api/pedidos/export/csv': {
    tag: 'Pedidos',
    summary: 'Orders as CSV',
    query: { desde: 'from (YYYY-MM-DD)', hasta: 'to (YYYY-MM-DD)' },
    produces: 'csv',
  },
  'POST /api/pedidos/preview_stock': {
    tag: 'Pedidos',
    summary: 'What preparing these orders would take from stock',
    body: json(PreviewBody),
  },
  'POST /api/pedidos/bulk-delete': { tag: 'Pedidos', summary: 'Delete several orders', body: json(OrderIdsBody) },
  'GET /api/pedidos/:id': { tag: 'Pedidos', summary: 'One order with its lines and history' },
  'PUT /api/pedidos/:id/estado': { tag: 'Pedidos', summary: "Change an order's state", body: json(StateBody) },
  'PUT /api/pedidos/:id/notas': { tag: 'Pedidos', summary: "Change an order's notes", body: json(NotesBody) },
  'PUT /api/pedidos/:id/cliente': { tag: 'Pedidos', summary: "Change an order's client", query: { cliente_id: 'the new client' } },
  'POST /api/pedidos/:id/items': { tag: 'Pedidos', summary: 'Add a line to an order', body: json(ItemBody) },
  'PUT /api/pedidos/:id/items/:producto_id': { tag: 'Pedidos', summary: "Change a line's quantity or unit", body: json(ItemBody) },
  'DELETE /api/pedidos/:id/items/:producto_id': { tag: 'Pedidos', summary: 'Remove a line from an order' },
  'DELETE /api/pedidos/:id': { tag: 'Pedidos', summary: 'Delete an order', headers: { 'X-Confirm-Delete': 'must be "true"' } },

  // Backups, restores, migrations
  'POST /api/admin/backup-now': { tag: 'Administración', summary: 'Take a verified backup now' },
  'GET /api/admin/backups': { tag: 'Administración', summary: 'The verified backups, newest first (kind, size, SHA-256)' },
  'POST /api/admin/backups/upload': {
    tag: 'Administración',
    summary: 'Upload a database file as a backup (verified before it is listed)',
    body: upload('file', 'a SQLite database file'),
  },
  'GET /api/admin/backups/:filename/restore-preview': {
    tag: 'Administración',
    summary: 'What a restore would change: row counts now and in the backup, migrations to run',
  },
  'POST /api/admin/backups/:filename/restore': {
    tag: 'Administración',
    summary: 'Restore a backup (a pre-restore backup is taken first; the answer says how to roll back)',
    body: json(undefined, '`{"confirm": "<the backup\'s file name>"}`'),
  },
  'GET /api/admin/backups/:filename': { tag: 'Administración', summary: 'Download a backup (X-Backup-SHA256 header)', produces: 'binary' },
  'DELETE /api/admin/backups/:filename': { tag: 'Administración', summary: 'Delete a backup' },
  'GET /api/admin/backup-status': { tag: 'Administración', summary: 'The scheduler: last and next runs, health, failures' },
  'POST /api/admin/backups/verify': { tag: 'Administración', summary: 'Re-verify every stored backup now' },
  'GET /api/admin/migrations': { tag: 'Administración', summary: 'Migrations applied, pending and failed' },
  'POST /api/admin/migrations/run': { tag: 'Administración', summary: 'Apply the pending migrations (a backup is taken first)' },
  'POST /api/admin/migrations/dry-run': {
    tag: 'Administración',
    summary: 'Run the pending migrations on a copy; the live database is untouched',
  },
  'GET /api/admin/system-info': { tag: 'Administración', summary: "The database's settings and table sizes" },
  'GET /api/admin/audit-log': {
    tag: 'Administración',
    summary: 'The recent audit log, newest first',
    query: { limit: 'how many (1–500, default 50)', accion: 'only this action (RESTORE, BACKUP, ROLE_CHANGE, …)' },
  },
  'GET /api/admin/delete-impact/producto/:id': { tag: 'Administración', summary: 'What deleting a product would touch' },
  'GET /api/admin/delete-impact/cliente/:id': { tag: 'Administración', summary: 'What deleting a client would touch' },
  'GET /api/admin/delete-impact/categoria/:id': { tag: 'Administración', summary: 'What deleting a category would touch' },

  // Offers
  'GET /api/ofertas': { tag: 'Ofertas', summary: 'Offers' },
  'GET /api/ofertas/activas': { tag: 'Ofertas', summary: 'The offers active now (public)' },
  'GET /api/ofertas/:id': { tag: 'Ofertas', summary: 'One offer' },
  'POST /api/ofertas': { tag: 'Ofertas', summary: 'Create an offer', body: json(OfertaBody, undefined, OFFER_LISTS) },
  'PUT /api/ofertas/:id': { tag: 'Ofertas', summary: 'Change an offer', body: json(OfertaBody, undefined, OFFER_LISTS) },
  'DELETE /api/ofertas/:id': { tag: 'Ofertas', summary: 'Delete an offer' },
  'POST /api/ofertas/:id/toggle': { tag: 'Ofertas', summary: 'Switch an offer on or off' },

  // Drivers and tags
  'GET /api/repartidores': { tag: 'Repartidores', summary: 'Drivers', query: { incluir_inactivos: 'include inactive ones (true/false)' } },
  'GET /api/repartidores/:id': { tag: 'Repartidores', summary: 'One driver' },
  'POST /api/repartidores': { tag: 'Repartidores', summary: 'Create a driver', body: json(DriverBody) },
  'PUT /api/repartidores/:id': { tag: 'Repartidores', summary: 'Change a driver', body: json(DriverPatch) },
  'DELETE /api/repartidores/:id': { tag: 'Repartidores', summary: 'Delete a driver' },
  'GET /api/tags': { tag: 'Etiquetas', summary: 'Tags' },
  'POST /api/tags': { tag: 'Etiquetas', summary: 'Create a tag', body: json(TagBody) },
  'DELETE /api/tags/:id': { tag: 'Etiquetas', summary: 'Delete a tag' },
  'GET /api/productos-con-tags': { tag: 'Etiquetas', summary: 'Products with their tags' },
  'POST /api/productos/:pid/tags/:tid': { tag: 'Etiquetas', summary: 'Tag a product' },
  'DELETE /api/productos/:pid/tags/:tid': { tag: 'Etiquetas', summary: 'Untag a product' },

  // Dashboard and reports
  'GET /api/dashboard/metrics': { tag: 'Tablero', summary: "Today's figures" },
  'GET /api/dashboard/pedidos_por_dia': { tag: 'Tablero', summary: 'Orders per day', query: { dias: 'days back' } },
  'GET /api/dashboard/alertas': { tag: 'Tablero', summary: 'Low stock and old orders' },
  'GET /api/estadisticas/usuarios': { tag: 'Tablero', summary: 'Orders per user' },
  'GET /api/estadisticas/ventas': { tag: 'Tablero', summary: 'Sales per day', query: { dias: 'days back' } },
  'GET /api/reportes/ventas': { tag: 'Reportes', summary: 'Sales report', query: { desde: 'from (YYYY-MM-DD)', hasta: 'to (YYYY-MM-DD)' } },
  'GET /api/reportes/inventario': { tag: 'Reportes', summary: 'Inventory report' },
  'GET /api/reportes/clientes': {
    tag: 'Reportes',
    summary: 'Clients report',
    query: { desde: 'from (YYYY-MM-DD)', hasta: 'to (YYYY-MM-DD)' },
  },
  'GET /api/reportes/productos': {
    tag: 'Reportes',
    summary: 'Products report',
    query: { desde: 'from (YYYY-MM-DD)', hasta: 'to (YYYY-MM-DD)' },
  },
  'GET /api/reportes/rendimiento': {
    tag: 'Reportes',
    summary: 'Performance report',
    query: { desde: 'from (YYYY-MM-DD)', hasta: 'to (YYYY-MM-DD)' },
  },
  'GET /api/reportes/comparativo': { tag: 'Reportes', summary: 'This period against the previous one' },

  // Price lists and templates
  'GET /api/listas-precios': { tag: 'Listas de precios', summary: 'Price lists' },
  'GET /api/listas-precios/:id': { tag: 'Listas de precios', summary: 'One price list with its prices' },
  'POST /api/listas-precios': { tag: 'Listas de precios', summary: 'Create a price list', body: json(PriceListBody) },
  'PUT /api/listas-precios/:id': { tag: 'Listas de precios', summary: 'Change a price list', body: json(PriceListPatch) },
  'DELETE /api/listas-precios/:id': { tag: 'Listas de precios', summary: 'Delete a price list' },
  'POST /api/listas-precios/:id/precios': { tag: 'Listas de precios', summary: 'Set a special price', body: json(SpecialPriceBody) },
  'DELETE /api/listas-precios/:id/precios/:producto_id': { tag: 'Listas de precios', summary: 'Remove a special price' },
  'GET /api/templates': { tag: 'Plantillas', summary: 'Order templates' },
  'GET /api/templates/:id': { tag: 'Plantillas', summary: 'One template with its lines' },
  'POST /api/templates': {
    tag: 'Plantillas',
    summary: 'Create a template',
    body: json(TemplateBody, undefined, { productos: TemplateLineBody }),
  },
  'PUT /api/templates/:id': {
    tag: 'Plantillas',
    summary: 'Change a template',
    body: json(TemplatePatch, undefined, { productos: TemplateLineBody }),
  },
  'DELETE /api/templates/:id': { tag: 'Plantillas', summary: 'Delete a template' },
  'POST /api/templates/:id/ejecutar': {
    tag: 'Plantillas',
    summary: "Place the template's order now",
    headers: { 'X-Idempotency-Key': 'a retry with the same key places nothing' },
  },
};
