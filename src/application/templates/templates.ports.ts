import { token } from '../shared/token';

export interface TemplateLine {
  readonly productId: number;
  readonly quantity: number;
  readonly tipo: string;
}

/** A recurring-order template; `lines` only in the detail. */
export interface Template {
  readonly id: number;
  readonly name: string;
  readonly clientId: number | null;
  readonly clientName: string | null;
  readonly frequency: string | null;
  readonly productCount: number;
  /** ultima_ejecucion: shop time of the last run, or null. */
  readonly lastRun: string | null;
  readonly lines: (TemplateLine & { productName: string })[] | null;
}

export interface TemplateFields {
  readonly name: string;
  readonly clientId: number | null;
  readonly frequency: string | null;
}

/** templates + template_productos (created by migration 013 when the file lacks them). */
export interface TemplateRepository {
  /** By nombre, without lines. */
  list(): Promise<Template[]>;
  /** With its lines (joined to productos, in line order). */
  get(id: number): Promise<Template | null>;
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
export const TEMPLATE_REPOSITORY = token<TemplateRepository>('TemplateRepository', [
  'list',
  'get',
  'lines',
  'create',
  'update',
  'remove',
  'markRun',
  'clientExists',
  'existingProducts',
]);
