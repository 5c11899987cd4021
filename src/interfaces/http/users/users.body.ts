import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** PUT /api/usuarios/{id}: the runbook's `{"activo": true}`, and/or a role. */
export class UpdateUserBody {
  @IsOptional() @IsBoolean() activo?: boolean;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(50) rol?: string;
}

/** PUT /api/usuarios/{id}/rol (form) and PUT /api/users/{id}/rol (JSON). */
export class RoleBody {
  @IsString() @IsNotEmpty() @MaxLength(50) rol!: string;
}

/** PUT /api/usuarios/{id}/password and …/reset-password (form). */
export class NewPasswordForm {
  @IsString() @IsNotEmpty() @MaxLength(1024) new_password!: string;
}
