import type PDFKitModule from 'pdfkit';
import type { OrdersDocumentOrder, PdfRenderer, RouteSheetDocument, RouteSheetStop } from '../../application/printing/printing.ports';

type Doc = PDFKit.PDFDocument;

const PAGE_W = 612;
const PAGE_H = 792;
const LEFT = 30;
const RIGHT = PAGE_W - 30;
const WIDTH = RIGHT - LEFT;

const INDIGO = '#6366f1';
const GREEN = '#10b981';
const GREY = '#6b7280';
const DARK = '#111827';
const LIGHT = '#f3f4f6';
const BORDER = '#e5e7eb';

/**
 * The standard PDF fonts (Helvetica) encode WinAnsi only: anything else (emoji, other scripts)
 * is dropped rather than printed as black squares (§13.4.4-5); line breaks become spaces.
 */
export function printable(text: string | null | undefined): string {
  return (text ?? '')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[^\x20-\x7E\xA0-\xFF€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]/gu, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** `$1.410,00`: thousands `.`, decimals `,` (§13.4.3). */
export function formatMoney(x: number): string {
  const [int, dec] = Math.abs(x).toFixed(2).split('.');
  return `${x < 0 ? '-' : ''}$${int!.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${dec}`;
}

/** 2, 1.5, 0.25: no trailing `.0` (§13.4.4-6). */
export const formatQty = (x: number): string => String(Math.round(x * 1000) / 1000);

const UNITS: Record<string, string> = { unidad: 'u', caja: 'cj', gancho: 'g', tira: 't', kg: 'kg' };
export const unitAbbrev = (tipo: string): string => UNITS[tipo] ?? tipo.slice(0, 2);

/** Greedy word wrap at `width` characters, as Python's textwrap: words longer than a line are split. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(' ').filter(Boolean)) {
    while (word.length > width) {
      if (line) {
        lines.push(line);
        line = '';
      }
      lines.push(word.slice(0, width));
      word = word.slice(width);
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function text(
  doc: Doc,
  s: string,
  x: number,
  y: number,
  o: { font?: string; size: number; color: string; align?: 'left' | 'right' | 'center'; width?: number },
): void {
  doc
    .font(o.font ?? 'Helvetica')
    .fontSize(o.size)
    .fillColor(o.color);
  const str = printable(s);
  if (o.align === 'right') doc.text(str, x - doc.widthOfString(str), y, { lineBreak: false });
  else if (o.align === 'center') doc.text(str, x - doc.widthOfString(str) / 2, y, { lineBreak: false });
  else doc.text(str, x, y, { lineBreak: false });
}

function toBuffer(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** pdfkit (and fontkit under it) are loaded with the first PDF, not at start-up. */
let pdfkit: typeof PDFKitModule | null = null;
const newDoc = async (title: string): Promise<Doc> => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- on first use, not import(): server-bundle.ts
  pdfkit ??= require('pdfkit') as typeof PDFKitModule;
  return new pdfkit({ size: 'LETTER', margin: 0, autoFirstPage: false, info: { Title: title, Author: 'FRIOSUR', Creator: 'Chorizaurio' } });
};

// ---------------------------------------------------------------------------------------------
// Orders PDF (§13.5.1)

const ORDERS_TOP = 35;
const ORDERS_BODY_TOP = ORDERS_TOP + 25;
const ORDERS_PAGE_BODY = 682;
const NAME_WRAP = 38;
const NOTES_WRAP = 90;

interface OrderLayout {
  readonly order: OrdersDocumentOrder;
  readonly names: string[][];
  readonly notes: string[];
  readonly height: number;
}

function layoutOrder(order: OrdersDocumentOrder): OrderLayout {
  const names = order.lines.map((l) => {
    const w = wrap(printable(l.name), NAME_WRAP);
    return w.length ? w : [''];
  });
  const notes = wrap(printable(order.notes), NOTES_WRAP).slice(0, 3);
  const height = 28 + 14 + names.reduce((s, n) => s + 12 * n.length + 5, 0) + 22 + (notes.length ? 10 + 10 * notes.length + 3 : 0) + 8;
  return { order, names, notes, height };
}

/** Greedy pagination: a block that does not fit starts a new page; a block taller than a page goes alone. */
export function paginate<T extends { height: number }>(blocks: readonly T[], pageHeight: number): T[][] {
  const pages: T[][] = [];
  let page: T[] = [];
  let used = 0;
  for (const b of blocks) {
    if (page.length > 0 && used + b.height > pageHeight) {
      pages.push(page);
      page = [];
      used = 0;
    }
    page.push(b);
    used += b.height;
  }
  if (page.length) pages.push(page);
  return pages;
}

function ordersHeader(doc: Doc, generatedAt: string, n: number, m: number): void {
  text(doc, 'FRIOSUR', LEFT, ORDERS_TOP, { font: 'Helvetica-Bold', size: 12, color: INDIGO });
  const w = doc.widthOfString('FRIOSUR');
  text(doc, 'Lista de Pedidos', LEFT + w + 8, ORDERS_TOP + 3, { size: 8, color: GREY });
  text(doc, `Generado: ${generatedAt}`, RIGHT, ORDERS_TOP + 3, { size: 8, color: GREY, align: 'right' });
  doc
    .moveTo(LEFT, ORDERS_TOP + 16)
    .lineTo(RIGHT, ORDERS_TOP + 16)
    .lineWidth(0.5)
    .strokeColor(LIGHT)
    .stroke();
  text(doc, `Página ${n} de ${m}`, PAGE_W / 2, PAGE_H - 20 - 8, { size: 8, color: GREY, align: 'center' });
}

function drawOrder(doc: Doc, b: OrderLayout, top: number): void {
  const o = b.order;
  let y = top;
  doc.roundedRect(LEFT, y, WIDTH, 24, 4).fill(LIGHT);
  doc.roundedRect(LEFT + 5, y + 3, 55, 18, 3).fill(INDIGO);
  text(doc, `#${o.id}`, LEFT + 5 + 27.5, y + 8, { font: 'Helvetica-Bold', size: 8, color: '#ffffff', align: 'center' });
  text(doc, printable(o.client).slice(0, 45), LEFT + 68, y + 8, { font: 'Helvetica-Bold', size: 9, color: DARK });
  text(doc, o.placedAt, RIGHT - 5, y + 8, { size: 8, color: GREY, align: 'right' });
  y += 28;
  text(doc, 'PRODUCTO', 35, y, { font: 'Helvetica-Bold', size: 7, color: GREY });
  text(doc, 'CANT.', 370, y, { font: 'Helvetica-Bold', size: 7, color: GREY, align: 'right' });
  text(doc, 'PRECIO', 502, y, { font: 'Helvetica-Bold', size: 7, color: GREY, align: 'right' });
  text(doc, 'SUBTOTAL', 577, y, { font: 'Helvetica-Bold', size: 7, color: GREY, align: 'right' });
  doc
    .moveTo(LEFT, y + 10)
    .lineTo(RIGHT, y + 10)
    .lineWidth(0.5)
    .strokeColor(BORDER)
    .stroke();
  y += 14;
  const rowsTop = y;
  o.lines.forEach((l, i) => {
    const names = b.names[i]!;
    names.forEach((name, k) => text(doc, name, 35, y + 12 * k, { size: 8, color: DARK }));
    text(doc, `${formatQty(l.quantity)} ${unitAbbrev(l.tipo)}`, 370, y, { size: 8, color: GREY, align: 'right' });
    text(doc, formatMoney(l.price), 502, y, { size: 8, color: GREY, align: 'right' });
    text(doc, formatMoney(l.subtotal), 577, y, { size: 8, color: DARK, align: 'right' });
    y += 12 * names.length + 5;
    doc
      .moveTo(35, y - 4)
      .lineTo(577, y - 4)
      .lineWidth(0.3)
      .strokeColor('#9ca3af')
      .stroke();
  });
  // A blank column between CANT. and PRECIO for handwritten notes.
  if (y > rowsTop) {
    for (const x of [375, 455])
      doc
        .moveTo(x, rowsTop - 2)
        .lineTo(x, y - 4)
        .lineWidth(0.5)
        .strokeColor('#d1d5db')
        .dash(3, { space: 2 })
        .stroke()
        .undash();
  }
  doc.moveTo(LEFT, y).lineTo(RIGHT, y).lineWidth(0.5).strokeColor(BORDER).stroke();
  text(doc, 'TOTAL:', 502, y + 6, { font: 'Helvetica-Bold', size: 9, color: GREEN, align: 'right' });
  text(doc, formatMoney(o.total), 577, y + 6, { font: 'Helvetica-Bold', size: 9, color: GREEN, align: 'right' });
  y += 22;
  if (b.notes.length) {
    text(doc, 'ACLARACIONES:', 35, y, { font: 'Helvetica-Bold', size: 7, color: GREY });
    y += 10;
    b.notes.forEach((line, k) => text(doc, line, 35, y + 10 * k, { size: 7, color: DARK }));
  }
}

// ---------------------------------------------------------------------------------------------
// Route sheet (§13.4.3)

const ROUTE_BOTTOM = PAGE_H - 50;
const ROUTE_BODY_TOP = 125;
const PRODUCTS_WRAP = 80;

/** The products line: whole items packed into lines of at most 80 characters; at most 2 lines, then how many were left out. */
export function productLines(products: RouteSheetStop['products']): { lines: string[]; hidden: number } {
  const items = products.map((p) => `${printable(p.name).slice(0, 20)} x${formatQty(p.quantity)}`);
  const lines: string[][] = [];
  for (const item of items) {
    const last = lines[lines.length - 1];
    if (last && [...last, item].join(' • ').length <= PRODUCTS_WRAP) last.push(item);
    else lines.push([item]);
  }
  const shown = lines.slice(0, 2);
  const hidden = items.length - shown.reduce((s, l) => s + l.length, 0);
  return { lines: shown.map((l) => l.join(' • ')), hidden };
}

function routeHeader(doc: Doc, d: RouteSheetDocument, page: number, stops: number): void {
  doc.roundedRect(LEFT, 30, WIDTH, 50, 6).fill(INDIGO);
  text(doc, 'HOJA DE RUTA', LEFT + 15, 38, { font: 'Helvetica-Bold', size: 20, color: '#ffffff' });
  text(doc, `FRIOSUR - ${d.generatedAt}`, LEFT + 15, 62, { size: 11, color: '#ffffff' });
  const name = printable(d.driver);
  doc.font('Helvetica-Bold').fontSize(12);
  const badge = Math.min(doc.widthOfString(name) + 30, 260);
  doc.roundedRect(RIGHT - badge - 10, 41, badge, 28, 14).fill(GREEN);
  text(doc, name, RIGHT - 10 - badge / 2, 49, { font: 'Helvetica-Bold', size: 12, color: '#ffffff', align: 'center' });
  text(doc, `${stops} pedidos`, LEFT, 95, { font: 'Helvetica-Bold', size: 11, color: DARK });
  text(doc, `${d.zones.length} ${d.zones.length === 1 ? 'zona' : 'zonas'}`, LEFT + 120, 95, {
    font: 'Helvetica-Bold',
    size: 11,
    color: DARK,
  });
  text(doc, `Página ${page}`, RIGHT, 95, { font: 'Helvetica-Bold', size: 11, color: DARK, align: 'right' });
  doc.moveTo(LEFT, 112).lineTo(RIGHT, 112).lineWidth(1).strokeColor('#d1d5db').stroke();
}

function drawStop(doc: Doc, s: RouteSheetStop, y: number, height: number): void {
  doc.roundedRect(LEFT, y, WIDTH, height, 6).lineWidth(1).fillAndStroke('#f9fafb', BORDER);
  doc.roundedRect(LEFT + 10, y + 10, 36, 20, 4).fill(INDIGO);
  text(doc, `#${s.n}`, LEFT + 28, y + 15, { font: 'Helvetica-Bold', size: 11, color: '#ffffff', align: 'center' });
  doc
    .rect(RIGHT - 28, y + 10, 18, 18)
    .lineWidth(2)
    .strokeColor('#9ca3af')
    .stroke();
  text(doc, printable(s.client).slice(0, 35), LEFT + 56, y + 13, { font: 'Helvetica-Bold', size: 13, color: DARK });
  text(doc, `Dirección: ${printable(s.address).slice(0, 50)}`, LEFT + 10, y + 36, { size: 10, color: GREY });
  if (s.phone) text(doc, `Tel: ${s.phone}`, RIGHT - 10, y + 36, { size: 10, color: GREY, align: 'right' });
  const p = productLines(s.products);
  let ly = y + 52;
  for (const line of p.lines) {
    text(doc, line, LEFT + 10, ly, { size: 9, color: DARK });
    ly += 12;
  }
  if (p.hidden > 0)
    text(doc, `... y ${p.hidden} ${p.hidden === 1 ? 'producto más' : 'productos más'}`, LEFT + 10, ly, { size: 9, color: GREY });
  text(doc, `TOTAL: ${formatMoney(s.total)}`, LEFT + 10, y + height - 18, { font: 'Helvetica-Bold', size: 11, color: GREEN });
  text(doc, 'Firma: ____________', RIGHT - 10, y + height - 16, { size: 8, color: GREY, align: 'right' });
}

/** 70 pt plus one 12 pt line per printed products line (up to 3 with the "y N más" line). */
function stopHeight(s: RouteSheetStop): number {
  const p = productLines(s.products);
  return 58 + 12 * Math.max(1, p.lines.length + (p.hidden > 0 ? 1 : 0)) + 12;
}

export class PdfKitRenderer implements PdfRenderer {
  async orders(d: { generatedAt: string; orders: readonly OrdersDocumentOrder[] }): Promise<Buffer> {
    const doc = await newDoc('Lista de Pedidos');
    const pages = paginate(d.orders.map(layoutOrder), ORDERS_PAGE_BODY);
    for (const [i, blocks] of pages.entries()) {
      // Drawing is synchronous (500 orders take ~300 ms of CPU): other requests get a turn between pages.
      if (i > 0) await yieldToEventLoop();
      doc.addPage();
      ordersHeader(doc, d.generatedAt, i + 1, pages.length);
      let y = ORDERS_BODY_TOP;
      for (const b of blocks) {
        drawOrder(doc, b, y);
        y += b.height;
      }
    }
    return toBuffer(doc);
  }

  async routeSheet(d: RouteSheetDocument): Promise<Buffer> {
    const doc = await newDoc(`Hoja de ruta ${printable(d.driver)}`);
    const stops = d.zones.flatMap((z) => z.stops);
    let page = 0;
    const newPage = (): number => {
      doc.addPage();
      routeHeader(doc, d, ++page, stops.length);
      return ROUTE_BODY_TOP;
    };
    let y = newPage();
    if (stops.length === 0) {
      text(doc, 'No hay pedidos para esta hoja de ruta', PAGE_W / 2, 300, { size: 14, color: DARK, align: 'center' });
      return toBuffer(doc);
    }
    for (const z of d.zones) {
      if (y > ROUTE_BOTTOM - 150) y = newPage();
      doc.roundedRect(LEFT, y, WIDTH, 28, 6).fill('#fef3c7');
      text(doc, `ZONA: ${z.zone}`, LEFT + 10, y + 8, { font: 'Helvetica-Bold', size: 13, color: '#b45309' });
      text(doc, `${z.stops.length} ${z.stops.length === 1 ? 'entrega' : 'entregas'}`, RIGHT - 10, y + 10, {
        size: 10,
        color: '#b45309',
        align: 'right',
      });
      y += 36;
      for (const s of z.stops) {
        const h = stopHeight(s);
        if (y + h > ROUTE_BOTTOM) y = newPage();
        drawStop(doc, s, y, h);
        y += h + 8;
      }
    }
    // Summary: always on its own page(s).
    y = newPage();
    text(doc, 'RESUMEN DE ENTREGAS', LEFT, y, { font: 'Helvetica-Bold', size: 16, color: DARK });
    y += 26;
    const cols = [LEFT + 6, LEFT + 40, LEFT + 150, RIGHT - 70, RIGHT - 30];
    const tableHeader = () => {
      doc.rect(LEFT, y, WIDTH, 18).fill('#e5e7eb');
      ['#', 'ZONA', 'CLIENTE'].forEach((h, i) => text(doc, h, cols[i]!, y + 5, { font: 'Helvetica-Bold', size: 10, color: DARK }));
      text(doc, 'TOTAL', cols[3]!, y + 5, { font: 'Helvetica-Bold', size: 10, color: DARK, align: 'right' });
      text(doc, 'OK', cols[4]!, y + 5, { font: 'Helvetica-Bold', size: 10, color: DARK });
      y += 18;
    };
    tableHeader();
    let row = 0;
    for (const z of d.zones) {
      for (const s of z.stops) {
        if (y + 18 > ROUTE_BOTTOM) {
          y = newPage();
          tableHeader();
        }
        if (row % 2 === 1) doc.rect(LEFT, y, WIDTH, 18).fill('#f9fafb');
        text(doc, String(s.n), cols[0]!, y + 5, { size: 9, color: DARK });
        text(doc, printable(z.zone).slice(0, 15), cols[1]!, y + 5, { size: 9, color: DARK });
        text(doc, printable(s.client).slice(0, 25), cols[2]!, y + 5, { size: 9, color: DARK });
        text(doc, formatMoney(s.total), cols[3]!, y + 5, { size: 9, color: DARK, align: 'right' });
        doc
          .rect(cols[4]! + 2, y + 2, 14, 14)
          .lineWidth(1)
          .strokeColor('#9ca3af')
          .stroke();
        y += 18;
        row++;
      }
    }
    if (y > ROUTE_BOTTOM - 60) y = newPage();
    y += 12;
    text(doc, `TOTAL GENERAL: ${formatMoney(d.total)}`, RIGHT, y, { font: 'Helvetica-Bold', size: 14, color: GREEN, align: 'right' });
    y += 28;
    text(doc, `Notas: ${'_'.repeat(90)}`, LEFT, y, { size: 9, color: GREY });
    y += 22;
    text(doc, 'Firma Repartidor: ______________   Hora Salida: ________   Hora Regreso: ________', LEFT, y, { size: 9, color: GREY });
    return toBuffer(doc);
  }
}
