import { token } from '../shared/token';

/** A product tag (API.md §13.10), always as an object. */
export interface Tag {
  readonly id: number;
  readonly name: string;
  readonly color: string;
  readonly icon: string;
  readonly kind: string;
}

/** tags + productos_tags. */
export interface TagRepository {
  /** By nombre. */
  list(): Promise<Tag[]>;
  get(id: number): Promise<Tag | null>;
  idByName(name: string): Promise<number | null>;
  create(name: string): Promise<number>;
  /** Removes the tag and its product links. */
  remove(id: number): Promise<void>;
  productExists(productId: number): Promise<boolean>;
  isLinked(productId: number, tagId: number): Promise<boolean>;
  link(productId: number, tagId: number): Promise<void>;
  unlink(productId: number, tagId: number): Promise<void>;
  /** Products that have at least one tag, by nombre, with their tags (by nombre). */
  productsWithTags(): Promise<{ id: number; name: string; tags: Tag[] }[]>;
}
export const TAG_REPOSITORY = token<TagRepository>('TagRepository', [
  'list',
  'get',
  'idByName',
  'create',
  'remove',
  'productExists',
  'isLinked',
  'link',
  'unlink',
  'productsWithTags',
]);
