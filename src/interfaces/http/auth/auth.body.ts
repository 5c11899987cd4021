import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** POST /api/login (OAuth2 password form). scope, client_id and client_secret are ignored. */
export class LoginForm {
  @IsString() @IsNotEmpty() @MaxLength(150) username!: string;
  @IsString() @IsNotEmpty() @MaxLength(1024) password!: string;
  @IsOptional() @IsIn(['password'], { message: 'grant_type must be "password"' }) grant_type?: string;
}

/** POST /api/register (admin). */
export class RegisterForm {
  @IsString() @IsNotEmpty() @MaxLength(150) username!: string;
  @IsString() @IsNotEmpty() @MaxLength(1024) password!: string;
  @IsOptional() @IsString() @MaxLength(50) rol?: string;
}

/** POST /api/cambiar-password. */
export class ChangePasswordForm {
  @IsString() @IsNotEmpty() @MaxLength(1024) password_actual!: string;
  @IsString() @IsNotEmpty() @MaxLength(1024) password_nuevo!: string;
}
