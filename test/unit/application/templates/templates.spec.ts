import { expect } from 'chai';
import { CreateTemplate, RunTemplate, UpdateTemplate } from '../../../../src/application/templates/templates.use-cases';
import { FixedClock, RecordingMetrics } from '../../../fakes/in-memory-auth';
import { InMemoryTemplates } from '../../../fakes/in-memory-templates';
import { InMemoryIdempotencyStore, InMemoryOrderRepository, InMemoryShop } from '../../../fakes/in-memory-ordering';
import { DirectTransactionRunner } from '../../../fakes/in-memory-user-repository';

function setUp() {
  const templates = new InMemoryTemplates();
  const orders = new InMemoryOrderRepository();
  const shop = new InMemoryShop();
  const clock = new FixedClock();
  const deps = { templates, tx: new DirectTransactionRunner(), clock };
  const metrics = new RecordingMetrics();
  const placement = { orders, products: shop, clients: shop, idempotency: new InMemoryIdempotencyStore(), clock, metrics };
  return {
    templates,
    orders,
    metrics,
    create: new CreateTemplate(deps),
    update: new UpdateTemplate(deps),
    run: new RunTemplate(deps, placement),
  };
}
const line = (productId: number, quantity = 1) => ({ productId, quantity, tipo: 'kg' });

describe('unit: the template use cases with in-memory ports', () => {
  it('a template is checked before anything is written: a name, a known client, lines with valid quantities of known products', async () => {
    const t = setUp();
    const code = async (fields: { name: string; clientId: number | null }, lines = [line(1)]) => {
      const r = await t.create.execute({ ...fields, frequency: null }, lines);
      return r.ok ? 'ok' : r.error.message;
    };
    expect(await code({ name: '  ', clientId: null })).to.equal('El nombre del template es requerido');
    expect(await code({ name: 'T', clientId: 9 })).to.equal('Cliente con ID 9 no existe');
    expect(await code({ name: 'T', clientId: null }, [])).to.equal('Se requiere al menos un producto');
    expect(await code({ name: 'T', clientId: null }, [line(1, 0)])).to.match(/^La cantidad del producto 1 debe ser mayor que 0/);
    expect(await code({ name: 'T', clientId: null }, [line(77)])).to.equal('Producto con ID 77 no existe');
    expect(await t.templates.list()).to.deep.equal([]);
    expect(await code({ name: ' Semanal ', clientId: 1 })).to.equal('ok');
    expect((await t.templates.list()).map((x) => x.name)).to.deep.equal(['Semanal']);
  });

  it('a partial update keeps what was not sent and clears what was sent as null', async () => {
    const t = setUp();
    const created = await t.create.execute({ name: 'T', clientId: 1, frequency: 'semanal' }, [line(1)]);
    if (!created.ok) throw new Error(created.error.message);
    const r = await t.update.execute(created.value.id, { name: null, frequency: null });
    expect(r.ok && r.value).to.deep.include({ name: 'T', clientId: 1, frequency: null });
  });

  it('running a template places its order through the ordering rules and stamps the last run', async () => {
    const t = setUp();
    const noClient = await t.create.execute({ name: 'Sin cliente', clientId: null, frequency: null }, [line(1)]);
    if (!noClient.ok) throw new Error(noClient.error.message);
    const refused = await t.run.execute(noClient.value.id, { createdBy: 'vendedor1', idempotencyKey: null });
    expect(!refused.ok && refused.error.message).to.equal('El template no tiene cliente asignado');
    const ok = await t.create.execute({ name: 'Semanal', clientId: 1, frequency: null }, [line(1, 2), line(2)]);
    if (!ok.ok) throw new Error(ok.error.message);
    const r = await t.run.execute(ok.value.id, { createdBy: 'vendedor1', idempotencyKey: 'k' });
    if (!r.ok) throw new Error(r.error.message);
    const order = t.orders.rows.get(r.value.orderId)!;
    expect(order.lines.map((l) => [l.productId, l.quantity, l.unitPrice])).to.deep.equal([
      [1, 2, 420],
      [2, 1, 180.5],
    ]);
    expect(t.orders.history.get(r.value.orderId)![0]!.details).to.equal('Pedido creado desde plantilla 2 (Semanal) con 2 producto(s)');
    expect((await t.templates.get(ok.value.id))!.lastRun).to.equal('10/02/2026 15:04:05');
    const again = await t.run.execute(ok.value.id, { createdBy: 'vendedor1', idempotencyKey: 'k' });
    expect(again.ok && again.value.orderId).to.equal(r.value.orderId);
    expect(t.orders.rows.size).to.equal(1);
    // Counted once, as a template's order: the refused run and the idempotent repeat are not.
    expect(t.metrics.placed).to.deep.equal(['template']);
  });
});
