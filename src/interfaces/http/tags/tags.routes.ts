import type Router from '@koa/router';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type {
  ListTags,
  ListProductsWithTags,
  CreateTag,
  DeleteTag,
  TagProduct,
  UntagProduct,
} from '../../../application/tags/tags.use-cases';
import type { Guards } from '../auth.middleware';
import type { RateLimiter } from '../rate-limit';
import { unwrap } from '../errors';
import { jsonBody, pathId, validated } from '../validation';
import { tagView } from './tags.views';

export class TagBody {
  @IsString() @MinLength(1, { message: 'El nombre del tag es obligatorio' }) @MaxLength(100) nombre!: string;
}

export interface TagsRoutesDeps {
  readonly listTags: ListTags;
  readonly listProductsWithTags: ListProductsWithTags;
  readonly createTag: CreateTag;
  readonly deleteTag: DeleteTag;
  readonly tagProduct: TagProduct;
  readonly untagProduct: UntagProduct;
  readonly guards: Guards;
  readonly limiter: RateLimiter;
}

/** Tags, always as objects `{id, nombre, color, icono, tipo}` (API.md §13.10, §13.13-18/19). */
export function registerTagsRoutes(router: Router, d: TagsRoutesDeps): void {
  const { user, admin } = d.guards;
  const read = d.limiter.for('read', 'tags');
  const write = d.limiter.for('write', 'tags');
  router.get('/api/tags', read, user, async (ctx) => {
    ctx.body = (await d.listTags.execute()).map(tagView);
  });
  router.post('/api/tags', write, admin, async (ctx) => {
    const b = await validated(TagBody, jsonBody(ctx));
    ctx.body = tagView(unwrap(await d.createTag.execute(b.nombre.trim())));
  });
  router.delete('/api/tags/:id', write, admin, async (ctx) => {
    unwrap(await d.deleteTag.execute(pathId(ctx)));
    ctx.status = 204;
  });
  router.get('/api/productos-con-tags', read, user, async (ctx) => {
    ctx.body = (await d.listProductsWithTags.execute()).map((p) => ({ id: p.id, nombre: p.name, tags: p.tags.map(tagView) }));
  });
  router.post('/api/productos/:pid/tags/:tid', write, admin, async (ctx) => {
    unwrap(await d.tagProduct.execute(pathId(ctx, 'pid'), pathId(ctx, 'tid')));
    ctx.status = 201;
    ctx.body = { message: 'Tag agregado' };
  });
  router.delete('/api/productos/:pid/tags/:tid', write, admin, async (ctx) => {
    unwrap(await d.untagProduct.execute(pathId(ctx, 'pid'), pathId(ctx, 'tid')));
    ctx.status = 204;
  });
}
