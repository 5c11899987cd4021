import { forEachEngine } from '../support/engines';
import { templateRepositoryContract } from './template-repository.contract';
import { InMemoryTemplates } from '../fakes/in-memory-templates';
import { SqlTemplateRepository } from '../../src/infrastructure/persistence/templates/sql-template.repository';

templateRepositoryContract('in-memory fake', async () => ({
  repo: new InMemoryTemplates(),
  client: { id: 1, name: 'Carnicería Don José' },
  products: [
    { id: 1, name: 'Asado' },
    { id: 2, name: 'Chorizo' },
  ],
  close: async () => undefined,
}));

forEachEngine((engine, open) =>
  templateRepositoryContract(`SQL adapter on ${engine}`, async () => {
    const { store, close } = await open();
    await store.write(async (m) => {
      await m.query("INSERT INTO clientes (id, nombre) VALUES (7, 'Carnicería Don José')");
      await m.query("INSERT INTO productos (id, nombre, precio) VALUES (11, 'Asado', 100), (12, 'Chorizo', 55.5)");
    });
    return {
      repo: new SqlTemplateRepository(store),
      client: { id: 7, name: 'Carnicería Don José' },
      products: [
        { id: 11, name: 'Asado' },
        { id: 12, name: 'Chorizo' },
      ],
      close,
    };
  }),
);
