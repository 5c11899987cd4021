import type { Client } from '../../../application/clients/clients.ports';

/** The Cliente of API.md §4. */
export const clientView = (c: Client) => ({
  id: c.id,
  nombre: c.name,
  telefono: c.phone,
  direccion: c.address,
  zona: c.zone,
  vendedor_id: c.sellerId,
  vendedor_nombre: c.sellerName,
});
