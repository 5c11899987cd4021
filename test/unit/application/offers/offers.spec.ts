import { expect } from 'chai';
import { DateTime } from 'luxon';
import { CreateOffer, ListActiveOffers, ListOffers, ToggleOffer, UpdateOffer } from '../../../../src/application/offers/offers.use-cases';
import { InMemoryOffers } from '../../../fakes/in-memory-offers';
import { offerData } from '../../../contract/offers.contract';
import { FixedClock } from '../../../fakes/in-memory-auth';
import { DirectTransactionRunner } from '../../../fakes/in-memory-user-repository';

// 04:00 UTC: 01:00 on 1 December in Montevideo.
const clock = new FixedClock(DateTime.fromISO('2026-12-01T04:00:00Z', { zone: 'utc' }));
const setUp = () => {
  const offers = new InMemoryOffers();
  return { offers, d: { offers, tx: new DirectTransactionRunner(), clock } };
};

describe('unit: the offer use cases with in-memory ports', () => {
  it("an offer must follow its type's rules and name products that exist", async () => {
    const { d } = setUp();
    const noPercent = await new CreateOffer(d).execute(offerData([1], { descuentoPorcentaje: null }));
    expect(!noPercent.ok && noPercent.error.code).to.equal('OFFER_RULES');
    const unknown = await new CreateOffer(d).execute(offerData([1, 77]));
    expect(!unknown.ok && unknown.error.message).to.equal('Productos inexistentes: 77');
    expect((await new CreateOffer(d).execute(offerData([1]))).ok).to.equal(true);
  });

  it('staff see every offer; others only the active, current ones on the shop calendar', async () => {
    const { d } = setUp();
    await new CreateOffer(d).execute(offerData([1], { titulo: 'vigente' }));
    await new CreateOffer(d).execute(offerData([1], { titulo: 'vencida', desde: '2026-10-01', hasta: '2026-11-30' }));
    await new CreateOffer(d).execute(offerData([1], { titulo: 'inactiva', activa: false }));
    expect((await new ListOffers(d).execute({ isAdmin: true })).length).to.equal(3);
    expect((await new ListOffers(d).execute({ isAdmin: false })).map((o) => o.data.titulo)).to.deep.equal(['vigente']);
    expect((await new ListActiveOffers(d).execute()).map((o) => o.data.titulo)).to.deep.equal(['vigente']);
  });

  it('an update keeps the stored state and products it was not sent; toggling an expired offer on re-dates it', async () => {
    const { d } = setUp();
    const created = await new CreateOffer(d).execute(offerData([1, 2], { desde: '2026-10-01', hasta: '2026-11-30', activa: false }));
    if (!created.ok) throw new Error(created.error.message);
    const id = created.value.id!;
    const { activa: _a, productos: _p, ...rest } = offerData([], { desde: '2026-10-01', hasta: '2026-11-30', descuentoPorcentaje: 15 });
    const updated = await new UpdateOffer(d).execute(id, { ...rest, activa: null, productos: null });
    expect(
      updated.ok && [updated.value.data.activa, updated.value.data.descuentoPorcentaje, updated.value.data.productos.length],
    ).to.deep.equal([false, 15, 2]);
    const toggled = await new ToggleOffer(d).execute(id);
    expect(toggled.ok && toggled.value).to.deep.equal({ activa: true, redated: true, desde: '2026-12-01', hasta: '2026-12-31' });
    const missing = await new ToggleOffer(d).execute(999);
    expect(!missing.ok && missing.error.code).to.equal('OFFER_NOT_FOUND');
  });
});
