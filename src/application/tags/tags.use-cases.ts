import { type Result, ok, err } from '../../domain/shared/result';
import { type DomainError, domainError } from '../../domain/shared/domain-error';
import type { TransactionRunner } from '../shared/shared.ports';
import { type Tag, type TagRepository } from './tags.ports';

export interface TagsDeps {
  readonly tags: TagRepository;
  readonly tx: TransactionRunner;
}

type TagNotFound = DomainError<'TAG_NOT_FOUND'>;
const tagNotFound = (): TagNotFound => domainError('TAG_NOT_FOUND', 'Tag no encontrado');

export class ListTags {
  constructor(private readonly d: TagsDeps) {}
  execute(): Promise<Tag[]> {
    return this.d.tags.list();
  }
}

export class ListProductsWithTags {
  constructor(private readonly d: TagsDeps) {}
  execute(): Promise<{ id: number; name: string; tags: Tag[] }[]> {
    return this.d.tags.productsWithTags();
  }
}

export class CreateTag {
  constructor(private readonly d: TagsDeps) {}
  execute(nombre: string): Promise<Result<Tag, DomainError<'TAG_EXISTS'>>> {
    return this.d.tx.run(async () => {
      if ((await this.d.tags.idByName(nombre)) !== null) return err(domainError('TAG_EXISTS', 'El tag ya existe'));
      return ok((await this.d.tags.get(await this.d.tags.create(nombre)))!);
    });
  }
}

export class DeleteTag {
  constructor(private readonly d: TagsDeps) {}
  execute(id: number): Promise<Result<void, TagNotFound>> {
    return this.d.tx.run(async () => {
      if (!(await this.d.tags.get(id))) return err(tagNotFound());
      await this.d.tags.remove(id);
      return ok(undefined);
    });
  }
}

export class TagProduct {
  constructor(private readonly d: TagsDeps) {}
  execute(
    productId: number,
    tagId: number,
  ): Promise<Result<void, DomainError<'PRODUCT_NOT_FOUND'> | TagNotFound | DomainError<'TAG_LINK_EXISTS'>>> {
    return this.d.tx.run(async () => {
      if (!(await this.d.tags.productExists(productId))) return err(domainError('PRODUCT_NOT_FOUND', 'Producto no encontrado'));
      if (!(await this.d.tags.get(tagId))) return err(tagNotFound());
      if (await this.d.tags.isLinked(productId, tagId)) return err(domainError('TAG_LINK_EXISTS', 'El producto ya tiene este tag'));
      await this.d.tags.link(productId, tagId);
      return ok(undefined);
    });
  }
}

export class UntagProduct {
  constructor(private readonly d: TagsDeps) {}
  execute(productId: number, tagId: number): Promise<Result<void, DomainError<'TAG_LINK_NOT_FOUND'>>> {
    return this.d.tx.run(async () => {
      if (!(await this.d.tags.isLinked(productId, tagId)))
        return err(domainError('TAG_LINK_NOT_FOUND', 'Tag no encontrado en este producto'));
      await this.d.tags.unlink(productId, tagId);
      return ok(undefined);
    });
  }
}
