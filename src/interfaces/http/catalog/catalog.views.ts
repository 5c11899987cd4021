import type { Product } from '../../../application/catalog/catalog.ports';

/** The Producto of API.md §5, in the original's column order. */
export const productView = (p: Product) => ({
  id: p.id,
  nombre: p.name,
  precio: p.price,
  categoria_id: p.categoryId,
  stock: p.stock,
  stock_minimo: p.minStock,
  stock_tipo: p.stockUnit,
  imagen_url: p.imageUrl,
});
