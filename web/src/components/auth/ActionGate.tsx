import type { ReactNode } from 'react';
import type { Permission } from '../../api/permissions.js';
import { useLocale, useT } from '../../i18n/index.js';
import { ROLE_IDS } from '../../i18n/words.js';
import { SignInLink } from './SignInLink.js';

/** A refused permission's reason in the language on screen. */
export function useReason(): (permission: Extract<Permission, { allowed: false }>) => string {
  const t = useT();
  const locale = useLocale();
  return ({ message }) => {
    const roles = new Intl.ListFormat(locale, { type: 'conjunction' }).format(
      (message.roles ?? []).map((role) => t(ROLE_IDS[role])),
    );
    return t(message.id, {
      action: t(message.action),
      role: message.role ? t(ROLE_IDS[message.role]) : '',
      roles,
    });
  };
}

/**
 * An action the reader may or may not take: the action itself when allowed, otherwise its label
 * shown disabled with the reason (and a sign-in link when signing in could help).
 */
export function ActionGate({
  permission,
  label,
  children,
}: {
  permission: Permission;
  label: string;
  children: ReactNode;
}) {
  const reason = useReason();
  if (permission.allowed) return <>{children}</>;
  const why = reason(permission);
  return (
    <span className="action-gate">
      <span className="action-gate__label" aria-disabled="true">
        {label}
      </span>
      <span className="action-gate__reason">{permission.signIn ? <SignInLink>{why}</SignInLink> : why}</span>
    </span>
  );
}
