import { token } from '../shared/token';

export interface TemplateLine {
  readonly producto_id: number;
  readonly cantidad: number;
  readonly tipo: string;
}

/** A recurring-order template as API.md §13.9.1 shapes it; `productos` only in the detail. */
export interface TemplateView {
  readonly id: number;
  readonly nombre: string;
  readonly cliente_id: number | null;
  readonly cliente_nombre: string | null;
  readonly frecuencia: string | null;
  readonly productos_count: number;
  readonly ultima_ejecucion: string | null;
  readonly productos: (TemplateLine & { nombre: string })[] | null;
}

export interface TemplateFields {
  readonly nombre: string;
  readonly cliente_id: number | null;
  readonly frecuencia: string | null;
}

/** templates + template_productos (created by migration 013 when the file lacks them). */
export interface TemplateRepository {
  /** By nombre, without lines. */
  list(): Promise<TemplateView[]>;
  /** With its lines (joined to productos, in line order). */
  get(id: number): Promise<TemplateView | null>;
  /** The raw lines, in line order (products deleted since are not possible: the FK keeps them). */
  lines(id: number): Promise<TemplateLine[]>;
  create(fields: TemplateFields, lines: readonly TemplateLine[]): Promise<number>;
  /** Writes the fields; replaces every line when `lines` is not null. */
  update(id: number, fields: TemplateFields, lines: readonly TemplateLine[] | null): Promise<void>;
  remove(id: number): Promise<void>;
  markRun(id: number, at: string): Promise<void>;
  clientExists(id: number): Promise<boolean>;
  /** Which of these product ids exist. */
  existingProducts(ids: readonly number[]): Promise<number[]>;
}
export const TEMPLATE_REPOSITORY = token<TemplateRepository>('TemplateRepository', ['list', 'get', 'lines', 'create', 'update', 'remove', 'markRun', 'clientExists', 'existingProducts']);
