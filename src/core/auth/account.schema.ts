import { type Static, Type } from 'typebox';
import { ClassificationSchema, Nullable, Uuid } from '../shared/record.schema.js';
import type { Classification, Role } from './actor.js';

export const RoleSchema = Type.Union(
  [
    Type.Literal('admin'),
    Type.Literal('coordinator'),
    Type.Literal('recipient'),
    Type.Literal('donor'),
    Type.Literal('manufacturer'),
    Type.Literal('analyst'),
  ],
  { description: 'What the account may do: admin, coordinator, recipient, donor, manufacturer or analyst' },
);

/**
 * The clearance an account or token gets when none is given: the coordination cell works with
 * restricted records; admins, recipients, donors and manufacturers with coalition ones; analysts
 * read public data only.
 */
export const DEFAULT_CLEARANCE: Readonly<Record<Role, Classification>> = {
  admin: 'coalition',
  coordinator: 'restricted',
  recipient: 'coalition',
  donor: 'coalition',
  manufacturer: 'coalition',
  analyst: 'public',
};

const DateTime = (description: string) => Type.String({ format: 'date-time', description });

export const UserSchema = Type.Object(
  {
    id: Uuid('Account id'),
    email: Type.String({ description: 'Email address; the login name, unique whatever its case' }),
    display_name: Type.String({ description: 'Name shown to other people' }),
    org_id: Uuid('The organisation the account acts for'),
    role: RoleSchema,
    clearance: ClassificationSchema,
    disabled: Type.Boolean({ description: 'Whether the account is disabled (it cannot log in)' }),
    synthetic: Type.Boolean({ description: 'True for the demo accounts of the synthetic scenario' }),
    created_at: DateTime('When the account was created (UTC)'),
    password_changed_at: DateTime('When the password was last set (UTC)'),
  },
  { additionalProperties: false, description: 'An account of a person' },
);
export type User = Static<typeof UserSchema>;

/** The logged-in user as the session and login answers show it. */
export const SessionUserSchema = Type.Object(
  {
    id: Uuid('Account id'),
    email: Type.String({ description: 'Email address' }),
    display_name: Type.String({ description: 'Name shown to other people' }),
    org_id: Uuid('The organisation the account acts for'),
    role: RoleSchema,
    clearance: ClassificationSchema,
  },
  { additionalProperties: false, description: 'The logged-in account' },
);
export type SessionUser = Static<typeof SessionUserSchema>;

const PasswordField = (description: string) => Type.String({ minLength: 1, maxLength: 1024, description });

export const UserCreateSchema = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254, description: 'Email address; the login name' }),
    display_name: Type.String({ minLength: 1, maxLength: 200, description: 'Name shown to other people' }),
    org_id: Uuid('The organisation the account acts for'),
    role: RoleSchema,
    clearance: Type.Optional(ClassificationSchema),
    password: PasswordField(
      'Initial password: 12 to 256 characters, not a common password, not the email or name',
    ),
  },
  { additionalProperties: false },
);
export type UserCreate = Static<typeof UserCreateSchema>;

export const LoginSchema = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 254, description: 'Email address of the account' }),
    password: PasswordField('Password'),
  },
  { additionalProperties: false },
);
export type Login = Static<typeof LoginSchema>;

export const PasswordChangeSchema = Type.Object(
  {
    current_password: PasswordField('The password in use now'),
    new_password: PasswordField('The new password: 12 to 256 characters, not a common password'),
  },
  { additionalProperties: false },
);
export type PasswordChange = Static<typeof PasswordChangeSchema>;

export const SessionSchema = Type.Object(
  {
    user: SessionUserSchema,
    csrf_token: Type.String({
      description:
        'Send it as the X-CSRF-Token header with every POST, PUT, PATCH and DELETE of this session',
    }),
    expires_at: DateTime('When the session ends whatever happens (absolute timeout, UTC)'),
    idle_expires_at: DateTime('When the session ends unless used before (idle timeout, UTC)'),
  },
  { additionalProperties: false, description: 'The current session' },
);
export type Session = Static<typeof SessionSchema>;

export const LoginResultSchema = Type.Object(
  {
    user: SessionUserSchema,
    csrf_token: Type.String({
      description:
        'Send it as the X-CSRF-Token header with every POST, PUT, PATCH and DELETE of this session',
    }),
  },
  { additionalProperties: false, description: 'The new session: its cookie is set with the answer' },
);

export const ApiTokenSchema = Type.Object(
  {
    id: Uuid('Token id'),
    name: Type.String({ description: 'What the token is for' }),
    prefix: Type.String({ description: 'The first characters of the token, to recognise it' }),
    org_id: Uuid('The organisation the token acts for'),
    role: RoleSchema,
    clearance: ClassificationSchema,
    created_by: Type.String({ description: 'Who created it' }),
    created_at: DateTime('When it was created (UTC)'),
    expires_at: DateTime('When it stops working (UTC)'),
    revoked_at: Nullable(DateTime('When it was revoked (UTC); null while not revoked')),
    last_used_at: Nullable(DateTime('When it was last used, to the minute (UTC); null if never')),
  },
  { additionalProperties: false, description: 'An API token for a program; the secret is never shown again' },
);
export type ApiToken = Static<typeof ApiTokenSchema>;

export const ApiTokenCreatedSchema = Type.Object(
  {
    ...ApiTokenSchema.properties,
    token: Type.String({
      description: 'The secret, shown this once: send it as `Authorization: Bearer <token>`',
    }),
  },
  { additionalProperties: false, description: 'A new API token with its secret, shown only now' },
);
export type ApiTokenCreated = Static<typeof ApiTokenCreatedSchema>;

export const ApiTokenCreateSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: 'What the token is for' }),
    org_id: Uuid('The organisation the token acts for'),
    role: RoleSchema,
    clearance: Type.Optional(ClassificationSchema),
    expires_in_days: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 366, description: 'Days until it expires (default 30)' }),
    ),
    expires_at: Type.Optional(DateTime('When it expires; instead of expires_in_days')),
  },
  { additionalProperties: false },
);
export type ApiTokenCreate = Static<typeof ApiTokenCreateSchema>;
