const COMMON = new Set([
  '123456',
  '12345678',
  '123456789',
  'password',
  'admin',
  'usuario',
  'qwerty',
  'password1',
  'admin123',
  '12341234',
  'password123',
]);

/**
 * The password rules (API.md §3.6), in order, with the messages the staff read. Returns null when
 * the password is acceptable.
 */
export function passwordProblem(password: string): string | null {
  if (password.length < 8) return 'La contraseña debe tener al menos 8 caracteres';
  if (password.length > 72) return 'La contraseña no puede tener más de 72 caracteres';
  if (!/[A-Za-z]/.test(password)) return 'La contraseña debe contener al menos una letra';
  if (!/\d/.test(password)) return 'La contraseña debe contener al menos un número';
  if (COMMON.has(password.toLowerCase())) return 'Contraseña muy común. Elige una más segura';
  return null;
}
