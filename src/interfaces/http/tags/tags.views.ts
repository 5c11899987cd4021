import type { Tag } from '../../../application/tags/tags.ports';

/** A tag of API.md §13.10, always as an object. */
export const tagView = (t: Tag) => ({ id: t.id, nombre: t.name, color: t.color, icono: t.icon, tipo: t.kind });
