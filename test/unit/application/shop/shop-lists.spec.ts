import { expect } from 'chai';
import { CreateDriver, DeactivateDriver, ListDrivers, UpdateDriver } from '../../../../src/application/drivers/drivers.use-cases';
import { CreateTag, DeleteTag, TagProduct, UntagProduct } from '../../../../src/application/tags/tags.use-cases';
import { CreateClient, DeleteClients, UpdateClient } from '../../../../src/application/clients/clients.use-cases';
import { InMemoryClients, InMemoryDrivers, InMemoryTags } from '../../../fakes/in-memory-shop-lists';
import { DirectTransactionRunner, InMemoryUserRepository } from '../../../fakes/in-memory-user-repository';
import { User } from '../../../../src/domain/users/user';

const tx = new DirectTransactionRunner();
const client = { name: 'Zapata', phone: null, address: null, zone: null, sellerId: null };

describe('unit: drivers, tags and clients use cases with in-memory ports', () => {
  it('drivers: names are trimmed and unique; a partial update keeps what was not sent; deactivating hides them', async () => {
    const d = { drivers: new InMemoryDrivers(), tx };
    const created = await new CreateDriver(d).execute({ name: '  Juan ', phone: '099', color: null });
    expect(created.ok && created.value).to.deep.include({ name: 'Juan', active: true });
    const dup = await new CreateDriver(d).execute({ name: 'Juan', phone: null, color: null });
    expect(!dup.ok && dup.error.code).to.equal('DRIVER_EXISTS');
    const id = created.ok ? created.value.id : 0;
    const updated = await new UpdateDriver(d).execute(id, { name: null, phone: null, color: '#00ff00', active: null });
    expect(updated.ok && updated.value).to.deep.equal({ id, name: 'Juan', phone: '099', color: '#00ff00', active: true });
    expect((await new DeactivateDriver(d).execute(id)).ok).to.equal(true);
    expect(await new ListDrivers(d).execute({ includeInactive: false })).to.deep.equal([]);
    const missing = await new DeactivateDriver(d).execute(999);
    expect(!missing.ok && missing.error.code).to.equal('DRIVER_NOT_FOUND');
  });

  it('tags: unique names; a product is tagged once, only with a tag and a product that exist', async () => {
    const d = { tags: new InMemoryTags(), tx };
    const t = await new CreateTag(d).execute('Oferta');
    expect(!(await new CreateTag(d).execute('Oferta')).ok).to.equal(true);
    const tagId = t.ok ? t.value.id : 0;
    const code = async (productId: number, id: number) => {
      const r = await new TagProduct(d).execute(productId, id);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(await code(1, tagId)).to.equal('ok');
    expect(await code(1, tagId)).to.equal('TAG_LINK_EXISTS');
    expect(await code(99, tagId)).to.equal('PRODUCT_NOT_FOUND');
    expect(await code(1, 999)).to.equal('TAG_NOT_FOUND');
    expect((await new UntagProduct(d).execute(1, tagId)).ok).to.equal(true);
    const again = await new UntagProduct(d).execute(1, tagId);
    expect(!again.ok && again.error.code).to.equal('TAG_LINK_NOT_FOUND');
    expect((await new DeleteTag(d).execute(tagId)).ok).to.equal(true);
  });

  it('clients: unique names, a seller that exists, never deleted while they have orders', async () => {
    const users = new InMemoryUserRepository();
    const seller = await users.add(User.create('vendedor1', 'h', 'vendedor'));
    const clients = new InMemoryClients(new Map([[seller.id!, 'vendedor1']]));
    const d = { clients, users, tx };
    const created = await new CreateClient(d).execute({ ...client, sellerId: seller.id });
    expect(created.ok && created.value).to.deep.include({ name: 'Zapata', sellerName: 'vendedor1' });
    const dup = await new CreateClient(d).execute(client);
    expect(!dup.ok && dup.error.code).to.equal('CLIENT_EXISTS');
    const id = created.ok ? created.value.id : 0;
    const badSeller = await new UpdateClient(d).execute(id, { ...client, sellerId: 999 });
    expect(!badSeller.ok && badSeller.error.message).to.equal('Vendedor con ID 999 no existe');
    clients.orders.set(id, 3);
    const other = await new CreateClient(d).execute({ ...client, name: 'Otro' });
    const otherId = other.ok ? other.value.id : 0;
    const r = await new DeleteClients(d).many([id, otherId, 999]);
    expect(r).to.deep.equal({
      deleted: 1,
      errors: [
        { id, error: 'No se puede eliminar el cliente porque tiene pedidos asociados' },
        { id: 999, error: 'Cliente no encontrado' },
      ],
    });
  });
});
