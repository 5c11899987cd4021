import { expect } from 'chai';
import { Oferta, type OfertaData } from '../../../../src/domain/offers/offer';

const base: OfertaData = {
  titulo: 'Oferta',
  descripcion: null,
  desde: '2026-11-01',
  hasta: '2026-11-30',
  activa: true,
  tipo: 'porcentaje',
  descuentoPorcentaje: 10,
  reglas: null,
  compraCantidad: null,
  pagaCantidad: null,
  regaloProductoId: null,
  regaloCantidad: 1,
  productos: [{ producto_id: 7, cantidad: 2 }],
};
const make = (over: Partial<OfertaData>) => {
  const r = Oferta.create({ ...base, ...over });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const refusal = (over: Partial<OfertaData>) => {
  const r = Oferta.create({ ...base, ...over });
  return r.ok ? null : r.error.message;
};

describe('domain: Oferta', () => {
  it("checks each type's rule fields with the original's messages, and dates that are dates in order", () => {
    expect(refusal({ descuentoPorcentaje: null })).to.equal('descuento_porcentaje requerido para tipo porcentaje');
    expect(refusal({ tipo: 'precio_cantidad', reglas: [] })).to.equal('reglas requeridas para tipo precio_cantidad');
    expect(refusal({ tipo: 'nxm', compraCantidad: 3, pagaCantidad: null })).to.equal(
      'compra_cantidad y paga_cantidad requeridos para tipo nxm',
    );
    expect(refusal({ tipo: 'nxm', compraCantidad: 3, pagaCantidad: 3 })).to.equal('paga_cantidad debe ser menor que compra_cantidad');
    expect(refusal({ tipo: 'regalo', regaloProductoId: null })).to.equal('regalo_producto_id requerido para tipo regalo');
    expect(refusal({ desde: 'mañana' })).to.match(/fechas YYYY-MM-DD/);
    expect(refusal({ desde: '2026-12-01', hasta: '2026-11-01' })).to.match(/anterior o igual/);
    expect(
      refusal({
        productos: [
          { producto_id: 1, cantidad: 1 },
          { producto_id: 1, cantidad: 2 },
        ],
      }),
    ).to.match(/más de una vez/);
    expect(
      make({
        tipo: 'precio_cantidad',
        reglas: [
          { cantidad: 10, precio_unitario: 400 },
          { cantidad: 1, precio_unitario: 500 },
        ],
      }).data.reglas!.map((r) => r.cantidad),
    ).to.deep.equal([1, 10]);
  });

  it("is current from desde to hasta inclusive, on the shop's day, only while active", () => {
    const o = make({});
    expect(['2026-10-31', '2026-11-01', '2026-11-30', '2026-12-01'].map((d) => o.isCurrentOn(d))).to.deep.equal([false, true, true, false]);
    expect(make({ activa: false }).isCurrentOn('2026-11-15')).to.equal(false);
    expect(make({ hasta: '2026-11-30T00:00:00' }).isCurrentOn('2026-11-30')).to.equal(true);
  });

  it("computes a line's discount for each of the four types, and none for other products", () => {
    const line = (quantity: number, productId = 7) => ({ productId, quantity, unitPrice: 500 });
    expect(make({ descuentoPorcentaje: 10 }).discountFor(line(3)).amount).to.equal(150);
    expect(make({ descuentoPorcentaje: 10 }).discountFor(line(3, 8)).amount).to.equal(0);
    const tiers = make({
      tipo: 'precio_cantidad',
      reglas: [
        { cantidad: 5, precio_unitario: 450 },
        { cantidad: 10, precio_unitario: 400 },
      ],
    });
    expect([4, 5, 9, 12].map((q) => tiers.discountFor(line(q)).amount)).to.deep.equal([0, 250, 450, 1200]);
    const nxm = make({ tipo: 'nxm', compraCantidad: 3, pagaCantidad: 2 });
    // Llevá 3, pagá 2: 7 units → 2 free.
    expect([2, 3, 7].map((q) => nxm.discountFor(line(q)).amount)).to.deep.equal([0, 500, 1000]);
    const gift = make({ tipo: 'regalo', regaloProductoId: 99, regaloCantidad: 1, productos: [{ producto_id: 7, cantidad: 2 }] });
    expect(gift.discountFor(line(1))).to.deep.equal({ amount: 0, gift: null });
    expect(gift.discountFor(line(5))).to.deep.equal({ amount: 0, gift: { productId: 99, quantity: 2 } });
  });

  it('toggling on an expired or future offer re-dates it to today .. today + 30; toggling off keeps the dates', () => {
    const expired = make({ activa: false, desde: '2026-01-01', hasta: '2026-01-31' });
    const on = expired.toggled('2026-11-29', '2026-12-29');
    expect(on.redated).to.equal(true);
    expect(on.oferta.data).to.include({ activa: true, desde: '2026-11-29', hasta: '2026-12-29' });
    const off = on.oferta.toggled('2026-11-29', '2026-12-29');
    expect(off.redated).to.equal(false);
    expect(off.oferta.data).to.include({ activa: false, desde: '2026-11-29' });
    expect(make({ activa: false }).toggled('2026-11-15', '2026-12-15').redated).to.equal(false);
  });
});
