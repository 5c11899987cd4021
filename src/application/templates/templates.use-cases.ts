import { MAX_QUANTITY, isQuantity } from '../../domain/shared/limits';
import { type Result, ok, err } from '../../domain/shared/result';
import { type DomainError, domainError } from '../../domain/shared/domain-error';
import { shopDisplay } from '../../domain/shared/shop-time';
import type { Clock } from '../shared/shared.ports';
import type { TransactionRunner } from '../shared/shared.ports';
import type { OrderingError } from '../../domain/ordering/ordering.errors';
import { type OrderPlacementPorts, placeOrder } from '../ordering/order-placement';
import { type TemplateLine, type Template, type TemplateFields, type TemplateRepository } from './templates.ports';

export interface TemplatesDeps {
  readonly templates: TemplateRepository;
  readonly tx: TransactionRunner;
  readonly clock: Clock;
}

type NotFound = DomainError<'TEMPLATE_NOT_FOUND'>;
type Invalid = DomainError<'TEMPLATE_INVALID'>;
const notFound = (): NotFound => domainError('TEMPLATE_NOT_FOUND', 'Template no encontrado');
const invalid = (message: string): Invalid => domainError('TEMPLATE_INVALID', message);

/** The template's name, client and lines are checked before anything is written. */
async function check(
  d: TemplatesDeps,
  fields: TemplateFields,
  lines: readonly TemplateLine[] | null,
): Promise<Result<TemplateFields, Invalid>> {
  const nombre = fields.name.trim();
  if (!nombre) return err(invalid('El nombre del template es requerido'));
  if (fields.clientId !== null && !(await d.templates.clientExists(fields.clientId)))
    return err(invalid(`Cliente con ID ${fields.clientId} no existe`));
  if (lines !== null) {
    if (lines.length === 0) return err(invalid('Se requiere al menos un producto'));
    const bad = lines.find((l) => !isQuantity(l.quantity));
    if (bad) return err(invalid(`La cantidad del producto ${bad.productId} debe ser mayor que 0 y como máximo ${MAX_QUANTITY}`));
    const known = new Set(await d.templates.existingProducts([...new Set(lines.map((l) => l.productId))]));
    const missing = lines.find((l) => !known.has(l.productId));
    if (missing) return err(invalid(`Producto con ID ${missing.productId} no existe`));
  }
  const frequency = fields.frequency?.trim() || null;
  return ok({ name: nombre, clientId: fields.clientId, frequency });
}

export class ListTemplates {
  constructor(private readonly d: TemplatesDeps) {}
  execute(): Promise<Template[]> {
    return this.d.templates.list();
  }
}

export class GetTemplate {
  constructor(private readonly d: TemplatesDeps) {}
  async execute(id: number): Promise<Result<Template, NotFound>> {
    const t = await this.d.templates.get(id);
    return t ? ok(t) : err(notFound());
  }
}

const summary = (t: Template): Template => ({ ...t, lines: null });

export class CreateTemplate {
  constructor(private readonly d: TemplatesDeps) {}
  execute(fields: TemplateFields, lines: readonly TemplateLine[]): Promise<Result<Template, Invalid>> {
    return this.d.tx.run(async () => {
      const checked = await check(this.d, fields, lines);
      if (!checked.ok) return checked;
      const id = await this.d.templates.create(checked.value, lines);
      return ok(summary((await this.d.templates.get(id))!));
    });
  }
}

/**
 * Partial update (§13.9.5 with its recommendation): `nombre` only when given; `cliente_id` and
 * `frecuencia` whenever present, so an explicit null clears them; `productos`, when given,
 * replaces every line.
 */
export class UpdateTemplate {
  constructor(private readonly d: TemplatesDeps) {}
  execute(
    id: number,
    patch: { name?: string | null; clientId?: number | null; frequency?: string | null; lines?: readonly TemplateLine[] | null },
  ): Promise<Result<Template, NotFound | Invalid>> {
    return this.d.tx.run(async () => {
      const current = await this.d.templates.get(id);
      if (!current) return err(notFound());
      const fields: TemplateFields = {
        name: patch.name ?? current.name,
        clientId: patch.clientId !== undefined ? patch.clientId : current.clientId,
        frequency: patch.frequency !== undefined ? patch.frequency : current.frequency,
      };
      const lines = patch.lines ?? null;
      const checked = await check(this.d, fields, lines);
      if (!checked.ok) return checked;
      await this.d.templates.update(id, checked.value, lines);
      return ok(summary((await this.d.templates.get(id))!));
    });
  }
}

export class DeleteTemplate {
  constructor(private readonly d: TemplatesDeps) {}
  execute(id: number): Promise<Result<void, NotFound>> {
    return this.d.tx.run(async () => {
      if (!(await this.d.templates.get(id))) return err(notFound());
      await this.d.templates.remove(id);
      return ok(undefined);
    });
  }
}

/**
 * Places the template's order exactly as the order screen does (the same domain rules, price
 * snapshot, history and idempotency), and stamps `ultima_ejecucion` in the same transaction (§13.9.7).
 */
export class RunTemplate {
  constructor(
    private readonly d: TemplatesDeps,
    private readonly placement: OrderPlacementPorts,
  ) {}

  async execute(
    id: number,
    input: { createdBy: string; idempotencyKey: string | null },
  ): Promise<Result<{ orderId: number }, NotFound | Invalid | OrderingError>> {
    let placedNew = false;
    const result = await this.d.tx.run(async () => {
      const t = await this.d.templates.get(id);
      if (!t) return err(notFound());
      if (t.clientId === null) return err(invalid('El template no tiene cliente asignado'));
      const lines = await this.d.templates.lines(id);
      if (lines.length === 0) return err(invalid('El template no tiene productos'));
      const request = {
        clientId: t.clientId,
        lines: lines.map((l) => ({ productId: l.productId, quantity: l.quantity, tipo: l.tipo })),
      };
      const origin = `Pedido creado desde plantilla ${t.id} (${t.name}) con ${lines.length} producto(s)`;
      const placed = await placeOrder(
        this.placement,
        { ...input, request, notes: null, pdfGenerated: false, origin },
        () => (placedNew = true),
      );
      if (!placed.ok) return placed;
      await this.d.templates.markRun(id, shopDisplay(this.d.clock.now()));
      return ok({ orderId: placed.value.id });
    });
    if (result.ok && placedNew) this.placement.metrics.orderPlaced('template');
    return result;
  }
}
