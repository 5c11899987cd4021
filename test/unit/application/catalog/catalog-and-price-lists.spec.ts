import { expect } from 'chai';
import {
  AdjustStock,
  CreateProduct,
  DeleteCategory,
  DeleteProducts,
  SaveCategory,
  UpdateProduct,
} from '../../../../src/application/catalog/catalog.use-cases';
import {
  CreatePriceList,
  DeletePriceList,
  GetPriceList,
  SetSpecialPrice,
  UpdatePriceList,
} from '../../../../src/application/price-lists/price-lists.use-cases';
import { InMemoryCategories, InMemoryProducts } from '../../../fakes/in-memory-catalog';
import { InMemoryPriceLists } from '../../../fakes/in-memory-price-lists';
import { FixedClock } from '../../../fakes/in-memory-auth';
import { DirectTransactionRunner } from '../../../fakes/in-memory-user-repository';

const tx = new DirectTransactionRunner();
const clock = new FixedClock();
const product = {
  name: 'Asado',
  price: 420,
  categoryId: null,
  imageUrl: 'data:image/png;base64,AA',
  stock: 10,
  minStock: 2,
  stockUnit: 'kg',
};

describe('unit: catalog and price-list use cases with in-memory ports', () => {
  it('products: unique names, a category that exists, the stored image kept when an update sends none', async () => {
    const d = { products: new InMemoryProducts(), categories: new InMemoryCategories(), tx, clock };
    const created = await new CreateProduct(d).execute(product);
    if (!created.ok) throw new Error(created.error.message);
    expect(!(await new CreateProduct(d).execute(product)).ok).to.equal(true);
    const noCategory = await new CreateProduct(d).execute({ ...product, name: 'Otro', categoryId: 77 });
    expect(!noCategory.ok && noCategory.error.code).to.equal('UNKNOWN_CATEGORY');
    const updated = await new UpdateProduct(d).execute(created.value.id, { ...product, price: 450, imageUrl: null });
    expect(updated.ok && updated.value).to.deep.include({ price: 450, imageUrl: product.imageUrl });
  });

  it('stock: a delta wins over an absolute value, never below zero, never beyond the maximum', async () => {
    const d = { products: new InMemoryProducts(), categories: new InMemoryCategories(), tx, clock };
    const id = await d.products.create(product);
    const adjust = new AdjustStock(d);
    expect((await adjust.execute(id, { delta: -3, stock: 50 })).ok && (await d.products.get(id))!.stock).to.equal(7);
    expect((await adjust.execute(id, { delta: -100 })).ok && (await d.products.get(id))!.stock).to.equal(0);
    const tooMuch = await adjust.execute(id, { stock: 2_000_000_000 });
    expect(!tooMuch.ok && tooMuch.error.code).to.equal('STOCK_OUT_OF_RANGE');
    const missing = await adjust.execute(999, { delta: 1 });
    expect(!missing.ok && missing.error.code).to.equal('PRODUCT_NOT_FOUND');
  });

  it('deleting products refuses those in orders, price lists or templates, and reports each id', async () => {
    const d = { products: new InMemoryProducts(), categories: new InMemoryCategories(), tx, clock };
    const a = await d.products.create(product);
    const b = await d.products.create({ ...product, name: 'B' });
    const c = await d.products.create({ ...product, name: 'C' });
    d.products.orderLines.set(a, 1);
    d.products.otherRefs.set(b, 2);
    const r = await new DeleteProducts(d).many([a, b, c]);
    expect(r.deleted).to.equal(1);
    expect(r.errors.map((e) => e.id)).to.deep.equal([a, b]);
    expect(await d.products.get(c)).to.equal(null);
  });

  it('categories: a name is required and unique in any case; one still used is deactivated, an unused one deleted', async () => {
    const d = { products: new InMemoryProducts(), categories: new InMemoryCategories(), tx, clock };
    const save = new SaveCategory(d);
    const blank = await save.create({ name: '  ', description: null, color: '#fff', order: 0 });
    expect(!blank.ok && blank.error.code).to.equal('CATEGORY_NAME_REQUIRED');
    const carnes = await save.create({ name: 'Carnes', description: null, color: '#fff', order: 0 });
    const dup = await save.create({ name: 'CARNES', description: null, color: '#fff', order: 0 });
    expect(!dup.ok && dup.error.message).to.equal("Ya existe una categoría con el nombre 'CARNES'");
    const id = carnes.ok ? carnes.value.id : 0;
    d.categories.productsIn.set(id, 3);
    expect((await new DeleteCategory(d).execute(id)).status).to.equal('deactivated');
    d.categories.productsIn.set(id, 0);
    expect((await new DeleteCategory(d).execute(id)).status).to.equal('deleted');
    expect((await new DeleteCategory(d).execute(id)).status).to.equal('not_found');
  });

  it('price lists: a trimmed unique name, a multiplier of 0 meaning 1.0; special prices for products that exist; deleting unassigns clients', async () => {
    const lists = new InMemoryPriceLists();
    const d = { lists, tx, clock };
    const created = await new CreatePriceList(d).execute({ name: ' Mayorista ', description: null, multiplier: 0 });
    if (!created.ok) throw new Error(created.error.message);
    expect(created.value).to.deep.include({ name: 'Mayorista', multiplier: 1 });
    const dup = await new CreatePriceList(d).execute({ name: 'mayorista', description: null, multiplier: null });
    expect(!dup.ok && dup.error.code).to.equal('PRICE_LIST_EXISTS');
    const bad = await new UpdatePriceList(d).execute(created.value.id, { name: null, description: null, multiplier: -1 });
    expect(!bad.ok && bad.error.code).to.equal('PRICE_LIST_INVALID');
    const set = new SetSpecialPrice(d);
    expect((await set.execute(created.value.id, { productId: 1, precio: 400 })).ok).to.equal(true);
    const noProduct = await set.execute(created.value.id, { productId: 99, precio: 1 });
    expect(!noProduct.ok && noProduct.error.code).to.equal('PRODUCT_NOT_FOUND');
    const negative = await set.execute(created.value.id, { productId: 1, precio: -5 });
    expect(!negative.ok && negative.error.code).to.equal('PRICE_LIST_INVALID');
    const detail = await new GetPriceList(d).execute(created.value.id);
    expect(detail.ok && detail.value.prices).to.deep.equal([{ productId: 1, productName: 'Asado', specialPrice: 400, basePrice: 420 }]);
    lists.clientsOf.set(created.value.id, 2);
    const deleted = await new DeletePriceList(d).execute(created.value.id);
    expect(deleted.ok && deleted.value.clientsUnassigned).to.equal(2);
  });
});
