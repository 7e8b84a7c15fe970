import { type Static, Type } from 'typebox';
import { SessionSchema } from './account.schema.js';

export const LOCALES = ['en', 'uk'] as const;
export type Locale = (typeof LOCALES)[number];

const LocaleSchema = Type.Union([Type.Literal('en'), Type.Literal('uk')], {
  description: 'The language of the web UI: en (English) or uk (Ukrainian)',
});

export const PreferencesSchema = Type.Object(
  {
    locale: Type.Union([LocaleSchema, Type.Null()], {
      description: 'The chosen language; null until the user chooses one (the browser decides)',
    }),
  },
  { additionalProperties: false, description: "The signed-in user's preferences" },
);
export type Preferences = Static<typeof PreferencesSchema>;

export const PreferencesPatchSchema = Type.Object(
  { locale: LocaleSchema },
  { additionalProperties: false, description: 'The preferences to change' },
);
export type PreferencesPatch = Static<typeof PreferencesPatchSchema>;

export const SessionStateSchema = Type.Object(
  {
    signed_in: Type.Boolean({ description: 'Whether the request came with a live session' }),
    session: Type.Union([SessionSchema, Type.Null()], {
      description: 'The current session, as GET /auth/session answers it; null when signed out',
    }),
    ended: Type.Boolean({
      description:
        'The cookie named a session that has ended (timed out or signed out elsewhere); it is cleared',
    }),
    preferences: Type.Union([PreferencesSchema, Type.Null()], {
      description: "The signed-in user's preferences; null when signed out",
    }),
  },
  {
    additionalProperties: false,
    description: 'Whether anyone is signed in, answered 200 either way (the web UI asks on every page load)',
  },
);
export type SessionState = Static<typeof SessionStateSchema>;
