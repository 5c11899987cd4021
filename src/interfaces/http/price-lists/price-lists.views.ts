import type { PriceList, SpecialPrice } from '../../../application/price-lists/price-lists.ports';

/** A lista de precios of API.md §13.2.2, with the counts of §13.2.9. */
export const priceListView = (l: PriceList) => ({
  id: l.id,
  nombre: l.name,
  descripcion: l.description,
  multiplicador: l.multiplier,
  activa: l.active,
  created_at: l.createdAt,
  productos_count: l.productCount,
  clientes_count: l.clientCount,
});

const specialPriceView = (p: SpecialPrice) => ({
  producto_id: p.productId,
  producto_nombre: p.productName,
  precio_especial: p.specialPrice,
  precio_base: p.basePrice,
});

/** The list with its special prices, under both keys the two frontends read (§13.2.3, §13.2.9). */
export const priceListDetailView = ({ list, prices }: { list: PriceList; prices: SpecialPrice[] }) => {
  const precios = prices.map(specialPriceView);
  return { ...priceListView(list), precios, precios_especiales: precios };
};
