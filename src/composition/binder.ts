import { ContainerModule, type ContainerModuleLoadOptions, type AbstractNewable, type Container } from 'inversify';
import type Router from '@koa/router';
import { PORT_METHODS, type Token, token } from '../application/shared/token';
import type { RouteGroup, RouteShared } from '../interfaces/http/app';

/** What a binding may depend on: a port's token, or a class bound to itself (a use case). */
export type Dep<T> = Token<T> | AbstractNewable<T>;
type AnyClass = AbstractNewable;
type Deps<A extends readonly unknown[]> = { readonly [K in keyof A]: Dep<A[K]> };
type Shape<T> = { readonly [K in keyof T]: Dep<T[K]> };
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any constructor; its parameters are checked through ConstructorParameters
type UseCaseClass = new (...args: any[]) => object;

/** Every route group, in registration order (the router matches in that order). */
export const ROUTE_GROUPS = token<RouteGroup>('RouteGroup', ['name', 'register']);

/** One binding as the container test sees it: what to resolve, and what it must be. */
export interface BindingRecord {
  readonly feature: string;
  readonly id: symbol | AnyClass;
  /** The class it must be an instance of (use cases), or the methods it must have (ports). */
  readonly mustBe: AnyClass | readonly string[] | null;
}

/**
 * The typed face of an inversify module. Each call ties the bound identifier to the type of
 * what its factory returns, and a factory's or constructor's parameters to the tokens listed
 * for them, so a swapped, missing or mistyped dependency does not compile.
 */
export class Binder {
  constructor(
    private readonly feature: string,
    private readonly o: ContainerModuleLoadOptions,
    private readonly bindings: BindingRecord[],
  ) {}

  /** A port (or a class that needs more than tokens, e.g. a setting) from a factory of its dependencies. */
  provide<T, A extends unknown[]>(id: Dep<T>, deps: Deps<A>, factory: (...args: A) => NoInfer<T>): void {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the types were checked by this method's signature
    this.o.bind(id).toResolvedValue<any[]>(factory, [...deps]);
    this.record(id, typeof id === 'symbol' ? (PORT_METHODS.get(id) ?? null) : id);
  }

  value<T>(id: Token<T>, value: NoInfer<T>): void {
    this.o.bind(id).toConstantValue(value);
    this.record(id, PORT_METHODS.get(id) ?? null);
  }

  /** A use case, built with its constructor's parameters in order. */
  useCase<C extends UseCaseClass>(cls: C, deps: Deps<ConstructorParameters<C>>): void {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the types were checked by this method's signature
    this.o.bind(cls).toResolvedValue<any[]>((...args: ConstructorParameters<C>) => new cls(...args), [...deps]);
    this.record(cls, cls);
  }

  /** Several use cases that take the same single dependency. */
  useCases<D>(dep: Dep<D>, classes: readonly (new (d: D) => object)[]): void {
    for (const cls of classes) this.useCase(cls, [dep]);
  }

  /** A record of dependencies (the ports one feature's use cases share), bound under a private token. */
  bag<T extends object>(name: string, shape: Shape<T>): Token<T> {
    const id = token<T>(`${this.feature}:${name}`, []);
    const keys = Object.keys(shape) as (keyof T & string)[];
    this.o.bind(id).toResolvedValue(
      (...values: unknown[]) => Object.fromEntries(keys.map((k, i) => [k, values[i]])) as T,
      keys.map((k) => shape[k]),
    );
    this.record(id, keys);
    return id;
  }

  /** The feature's HTTP routes, with the dependencies they need resolved when the app is built. */
  routes<T extends object>(shape: Shape<T>, register: (router: Router, deps: T, shared: RouteShared) => void): void {
    const deps = this.bag<T>('routes', shape);
    const name = this.feature;
    this.o
      .bind(ROUTE_GROUPS)
      .toResolvedValue((d: T): RouteGroup => ({ name, register: (router, shared) => register(router, d, shared) }), [deps]);
  }

  private record(id: BindingRecord['id'], mustBe: BindingRecord['mustBe']): void {
    this.bindings.push({ feature: this.feature, id, mustBe });
  }
}

/** Resolves a token or class with its type (inversify's `get` cannot read it from a symbol). */
export const resolve = <T>(c: Container, id: Dep<T>): T => c.get<T>(id);

/** One feature's inversify module, and what it bound the last time it was loaded. */
export interface FeatureModule {
  readonly name: string;
  readonly module: ContainerModule;
  readonly bindings: readonly BindingRecord[];
}

/** A ContainerModule for one feature, written against the typed Binder. */
export function feature(name: string, bind: (b: Binder) => void): FeatureModule {
  const bindings: BindingRecord[] = [];
  const module = new ContainerModule((o) => {
    bindings.length = 0;
    bind(new Binder(name, o, bindings));
  });
  return { name, module, bindings };
}
