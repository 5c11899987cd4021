import { token } from '../shared/token';
/** Facts for the operator: the database's settings and sizes, and what a delete would touch. */
export interface AdminQueries {
  systemInfo(): Promise<{ journalMode: string; foreignKeysEnabled: boolean; tableCounts: Record<string, number | 'error'> }>;
  productImpact(id: number): Promise<{ name: string; total: number; active: number } | null>;
  clientImpact(id: number): Promise<{ name: string; total: number; active: number } | null>;
  categoryImpact(id: number): Promise<{ name: string; products: number } | null>;
}
export const ADMIN_QUERIES = token<AdminQueries>('AdminQueries', ['systemInfo', 'productImpact', 'clientImpact', 'categoryImpact']);
