import { expect } from 'chai';
import {
  formatMoney,
  formatQty,
  paginate,
  printable,
  productLines,
  unitAbbrev,
  wrap,
} from '../../../../src/infrastructure/pdf/pdfkit-renderer';
import { attachment } from '../../../../src/interfaces/http/exports';
import { shopStamp } from '../../../../src/application/printing/printing.use-cases';

describe('unit: PDF layout helpers', () => {
  it('money as $1.410,00, quantities without a trailing .0, unit abbreviations', () => {
    expect(formatMoney(1410)).to.equal('$1.410,00');
    expect(formatMoney(1234567.891)).to.equal('$1.234.567,89');
    expect(formatMoney(0.5)).to.equal('$0,50');
    expect(formatMoney(-20)).to.equal('-$20,00');
    expect([formatQty(2), formatQty(1.5), formatQty(0.125)]).to.deep.equal(['2', '1.5', '0.125']);
    expect(['unidad', 'caja', 'gancho', 'tira', 'kg', 'bolsa'].map(unitAbbrev)).to.deep.equal(['u', 'cj', 'g', 't', 'kg', 'bo']);
  });

  it('drops what Helvetica cannot encode (emoji) and keeps Spanish letters', () => {
    expect(printable('🥩 Asado de tira ñandú\nBOLSA')).to.equal('Asado de tira ñandú BOLSA');
    expect(printable(null)).to.equal('');
  });

  it('wraps at a character width, splitting words longer than a line', () => {
    expect(wrap('uno dos tres cuatro', 8)).to.deep.equal(['uno dos', 'tres', 'cuatro']);
    expect(wrap('abcdefghij', 4)).to.deep.equal(['abcd', 'efgh', 'ij']);
    expect(wrap('', 10)).to.deep.equal([]);
  });

  it('paginates greedily; a block taller than a page goes alone on its page', () => {
    const pages = paginate([{ height: 300 }, { height: 300 }, { height: 100 }, { height: 900 }, { height: 50 }], 682);
    expect(pages.map((p) => p.map((b) => b.height))).to.deep.equal([[300, 300], [100], [900], [50]]);
  });

  it('route sheet products: at most two lines of whole items, then how many were not shown', () => {
    const many = Array.from({ length: 15 }, (_, i) => ({ name: `Producto ${i}`, quantity: 1 }));
    const p = productLines(many);
    expect(p.lines).to.have.length(2);
    const shown = p.lines.join(' • ').split(' • ').length;
    expect(p.hidden)
      .to.equal(15 - shown)
      .and.to.be.greaterThan(0);
    expect(productLines([{ name: 'Chorizo', quantity: 2 }])).to.deep.equal({ lines: ['Chorizo x2'], hidden: 0 });
  });

  it('file names: ASCII and unquoted, with filename* when the name is not ASCII', () => {
    expect(attachment('pedidos_20261130_101500.pdf')).to.equal('attachment; filename=pedidos_20261130_101500.pdf');
    expect(attachment('hoja_ruta_José Pérez.pdf')).to.equal(
      "attachment; filename=hoja_ruta_Jose_Perez.pdf; filename*=UTF-8''hoja_ruta_Jos%C3%A9%20P%C3%A9rez.pdf",
    );
  });

  it('order dates in Montevideo time from both stored formats', () => {
    expect(shopStamp('2026-02-10T18:04:05.123000')).to.equal('10/02/2026 15:04');
    expect(shopStamp('2026-11-29 21:50:50')).to.equal('29/11/2026 18:50');
    expect(shopStamp('garbage')).to.equal('');
    expect(shopStamp(null)).to.equal('');
  });
});
