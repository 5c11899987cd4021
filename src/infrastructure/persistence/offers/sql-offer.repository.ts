import { Oferta, type OfertaData, OFFER_TYPES, type OfferType, type PriceRule } from '../../../domain/offers/offer';
import type { OfferRepository } from '../../../application/offers/offers.ports';
import type { SqlStore } from '../sql-store';
import { existingIds, placeholders } from '../sql-helpers';

interface OfferRow {
  id: number;
  titulo: string;
  descripcion: string | null;
  desde: string;
  hasta: string;
  activa: number | null;
  tipo: string | null;
  descuento_porcentaje: number | null;
  reglas_json: string | null;
  compra_cantidad: number | null;
  paga_cantidad: number | null;
  regalo_producto_id: number | null;
  regalo_cantidad: number | null;
}

/** Invalid JSON reads as no rules, as the original. */
function parseRules(text: string | null): PriceRule[] | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? (value as PriceRule[]) : null;
  } catch {
    return null;
  }
}

const SELECT =
  'SELECT id, titulo, descripcion, desde, hasta, activa, tipo, descuento_porcentaje, reglas_json, compra_cantidad, paga_cantidad, regalo_producto_id, regalo_cantidad FROM ofertas';

/** The row's columns in the original's write form: 0/null discount → NULL, rules as a sorted JSON array. */
const columns = (d: OfertaData): unknown[] => [
  d.titulo,
  d.descripcion,
  d.desde,
  d.hasta,
  d.activa ? 1 : 0,
  d.tipo,
  d.descuentoPorcentaje || null,
  d.reglas && d.reglas.length ? JSON.stringify(d.reglas.map((r) => ({ cantidad: r.cantidad, precio_unitario: r.precio_unitario }))) : null,
  d.compraCantidad,
  d.pagaCantidad,
  d.regaloProductoId,
  d.regaloCantidad,
];

export class SqlOfferRepository implements OfferRepository {
  constructor(private readonly store: SqlStore) {}

  private async load(rows: OfferRow[]): Promise<Oferta[]> {
    if (rows.length === 0) return [];
    const links = await this.store.query<{ oferta_id: number; producto_id: number; cantidad: number | null }>(
      `SELECT op.oferta_id, op.producto_id, op.cantidad FROM oferta_productos op JOIN productos p ON p.id = op.producto_id WHERE op.oferta_id IN (${placeholders(rows.length)}) ORDER BY op.oferta_id, op.producto_id`,
      rows.map((r) => r.id),
    );
    const byOffer = new Map<number, { producto_id: number; cantidad: number }[]>();
    for (const l of links) {
      const list = byOffer.get(l.oferta_id) ?? [];
      list.push({ producto_id: l.producto_id, cantidad: l.cantidad ?? 1 });
      byOffer.set(l.oferta_id, list);
    }
    return rows.map((r) =>
      Oferta.restore(r.id, {
        titulo: r.titulo,
        descripcion: r.descripcion,
        desde: r.desde,
        hasta: r.hasta,
        activa: r.activa !== null && Number(r.activa) !== 0,
        tipo: (OFFER_TYPES as readonly string[]).includes(r.tipo ?? '') ? (r.tipo as OfferType) : 'porcentaje',
        descuentoPorcentaje: r.descuento_porcentaje,
        reglas: parseRules(r.reglas_json),
        compraCantidad: r.compra_cantidad,
        pagaCantidad: r.paga_cantidad,
        regaloProductoId: r.regalo_producto_id,
        regaloCantidad: r.regalo_cantidad,
        productos: byOffer.get(r.id) ?? [],
      }),
    );
  }

  async list(): Promise<Oferta[]> {
    return this.load(await this.store.query<OfferRow>(`${SELECT} ORDER BY hasta DESC, id DESC`));
  }

  async get(id: number): Promise<Oferta | null> {
    return (await this.load(await this.store.query<OfferRow>(`${SELECT} WHERE id = ?`, [id])))[0] ?? null;
  }

  existingProducts(ids: readonly number[]): Promise<number[]> {
    return existingIds(this.store, 'productos', ids);
  }

  create(d: OfertaData): Promise<number> {
    return this.store.write(async (m) => {
      const id = await this.store.dialect.insertReturningId(
        m,
        'INSERT INTO ofertas (titulo, descripcion, desde, hasta, activa, tipo, descuento_porcentaje, reglas_json, compra_cantidad, paga_cantidad, regalo_producto_id, regalo_cantidad) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        columns(d),
      );
      for (const p of d.productos)
        await m.query('INSERT INTO oferta_productos (oferta_id, producto_id, cantidad) VALUES (?, ?, ?)', [id, p.producto_id, p.cantidad]);
      return id;
    });
  }

  update(id: number, d: OfertaData): Promise<void> {
    return this.store.write(async (m) => {
      await m.query(
        'UPDATE ofertas SET titulo = ?, descripcion = ?, desde = ?, hasta = ?, activa = ?, tipo = ?, descuento_porcentaje = ?, reglas_json = ?, compra_cantidad = ?, paga_cantidad = ?, regalo_producto_id = ?, regalo_cantidad = ? WHERE id = ?',
        [...columns(d), id],
      );
      await m.query('DELETE FROM oferta_productos WHERE oferta_id = ?', [id]);
      for (const p of d.productos)
        await m.query('INSERT INTO oferta_productos (oferta_id, producto_id, cantidad) VALUES (?, ?, ?)', [id, p.producto_id, p.cantidad]);
    });
  }

  remove(id: number): Promise<boolean> {
    return this.store.write(async (m) => {
      await m.query('DELETE FROM oferta_productos WHERE oferta_id = ?', [id]);
      return (await this.store.dialect.changedRows(m, 'DELETE FROM ofertas WHERE id = ?', [id])) > 0;
    });
  }
}
