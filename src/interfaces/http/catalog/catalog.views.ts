import type { Category, Product } from '../../../application/catalog/catalog.ports';

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

/** A Categoría of API.md §6. */
export const categoryView = (c: Category) => ({
  id: c.id,
  nombre: c.name,
  descripcion: c.description,
  color: c.color,
  orden: c.order,
  activa: c.active,
});
