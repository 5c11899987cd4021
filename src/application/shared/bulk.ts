import type { Result } from '../../domain/shared/result';

/** Runs `one` for each distinct id; the frontend's bulk deletes report per-id failures. */
export async function forEachId(
  ids: readonly number[],
  one: (id: number) => Promise<Result<unknown, { message: string }>>,
): Promise<{ deleted: number; errors: { id: number; error: string }[] }> {
  const errors: { id: number; error: string }[] = [];
  let deleted = 0;
  for (const id of [...new Set(ids)]) {
    const r = await one(id);
    if (r.ok) deleted++;
    else errors.push({ id, error: r.error.message });
  }
  return { deleted, errors };
}
